'use strict';
const test = require('node:test');
const assert = require('node:assert');
const path = require('node:path');
const Ansi = require(path.join(__dirname, '../../main/resources/static/ocelot-ansi.js'));
const { LogTail, pageUrl } = require(path.join(__dirname, '../../main/resources/static/ocelot-log.js'));

test('plain text is escaped, never interpreted', () => {
  const out = Ansi.toHtml('<script>alert(1)</script> & "x" \'y\'');
  assert.strictEqual(out.html, '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39;');
});

test('SGR colours become classed spans and reset ends them', () => {
  const out = Ansi.toHtml('\u001b[1;31merror\u001b[0m: done');
  assert.strictEqual(out.html, '<span class="ansi-bold ansi-fg-red">error</span>: done');
});

test('HTML inside a coloured run is escaped too', () => {
  assert.strictEqual(Ansi.toHtml('\u001b[32m<img src=x onerror=alert(1)>').html,
    '<span class="ansi-fg-green">&lt;img src=x onerror=alert(1)&gt;</span>');
});

test('state carries over to the next chunk', () => {
  const first = Ansi.toHtml('\u001b[33mwarn');
  const second = Ansi.toHtml('ing\u001b[39m ok', first.state);
  assert.strictEqual(second.html, '<span class="ansi-fg-yellow">ing</span> ok');
});

test('bright, background and 256 colours; other sequences are dropped', () => {
  assert.strictEqual(Ansi.toHtml('\u001b[92;44mA\u001b[38;5;208mB\u001b[2K\u001b]0;title\u0007C').html,
    '<span class="ansi-fg-bright-green ansi-bg-blue">A</span><span class="ansi-fg-c208 ansi-bg-blue">B</span>'
    + '<span class="ansi-fg-c208 ansi-bg-blue">C</span>');
  assert.strictEqual(Ansi.toHtml('\u001b[38;2;1;2;3mD\u001b[m').html, 'D');
});

test('LogTail reads every page from the byte offsets the API gives and stops when complete', async () => {
  const pages = {
    0: { nextOffset: 8, complete: false, chunks: [{ stage: 0, stream: 'STDOUT', text: '\u001b[31mred ' }] },
    8: { nextOffset: 20, complete: false, chunks: [{ stage: 0, stream: 'STDERR', text: 'oops<b>\n' },
                                                  { stage: 0, stream: 'STDOUT', text: 'still' }] },
    20: { nextOffset: 20, complete: false, chunks: [] },
  };
  const asked = [];
  const got = [];
  const tail = new LogTail((offset) => { asked.push(offset); return Promise.resolve(pages[offset]); },
    (html, stream) => got.push([stream, html]));
  assert.strictEqual(await tail.drain(), false);
  assert.deepStrictEqual(asked, [0, 8, 20]);
  assert.deepStrictEqual(got, [
    ['STDOUT', '<span class="ansi-fg-red">red </span>'],
    ['STDERR', 'oops&lt;b&gt;\n'],
    ['STDOUT', '<span class="ansi-fg-red">still</span>'],
  ]);
  pages[20] = { nextOffset: 25, complete: true, chunks: [{ stage: 1, stream: 'SYSTEM', text: 'done\n' }] };
  assert.strictEqual(await tail.drain(), true);
  assert.strictEqual(tail.offset, 25);
});

test('follow polls until the log is complete', async () => {
  let calls = 0;
  const tail = new LogTail((offset) => {
    calls++;
    return Promise.resolve(calls < 3 ? { nextOffset: offset, complete: false, chunks: [] }
      : { nextOffset: offset + 1, complete: true, chunks: [{ stage: 0, stream: 'STDOUT', text: 'x' }] });
  }, () => {});
  tail.follow(5);
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.strictEqual(calls, 3);
  assert.strictEqual(tail.complete, true);
});

/** A clock the test moves by hand: setTimeout only records the delay asked for. */
function fakeClock() {
  const clock = { t: 0, delays: [], pending: null };
  clock.now = () => clock.t;
  clock.setTimeout = (f, ms) => { clock.delays.push(ms); clock.pending = f; };
  return clock;
}

test('follow starts the next read at once after one that waited at the API, and after the interval otherwise', async () => {
  const clock = fakeClock();
  const took = [2000, 150, 2500];   // how long each read was held: the API waited, answered at once, waited
  let calls = 0;
  const tail = new LogTail((offset) => {
    clock.t += took[calls++];
    return Promise.resolve({ nextOffset: offset, complete: false, chunks: [] });
  }, () => {});
  tail.follow(2000, null, clock);
  for (let i = 1; i < took.length; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    clock.pending();
  }
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepStrictEqual(clock.delays, [0, 1850, 0]);
});

test('a running build\'s log is read with wait, a finished one without', () => {
  assert.strictEqual(pageUrl('/rest/ocelot/1.0/builds/7/log', 12, true, 2), '/rest/ocelot/1.0/builds/7/log?offset=12&wait=2');
  assert.strictEqual(pageUrl('/rest/ocelot/1.0/builds/7/log', 0, false, 2), '/rest/ocelot/1.0/builds/7/log?offset=0');
});

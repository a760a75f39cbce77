/*
 * The build page's log: fetches GET {data-log-url}?offset=N page after page (the REST API answers byte offsets and
 * never splits a character), renders each chunk through OcelotAnsi with a class per stream (stderr and Ocelot's own
 * lines look different), and while the build runs follows it: each read of a running build asks the API to wait for
 * the next bytes (?wait=, up to the poll interval), so a line shows as soon as the plugin has it, and a read answered
 * at once with nothing new (an API too busy to wait) is followed by the rest of the interval; it stops when the API
 * says the log is complete. LogTail holds the logic with the fetch, the output and the clock injected, so node tests it.
 */
(function (root) {
    'use strict';

    var Ansi = typeof module !== 'undefined' && module.exports ? require('./ocelot-ansi.js') : root.OcelotAnsi;
    /** How often a running build's log is read when the API does not wait; and how long each read may wait. */
    var FOLLOW_MS = 2000;

    /**
     * @param fetchPage function(offset) → Promise of a LogPage ({nextOffset, complete, chunks:[{stage, stream, text}]})
     * @param sink      function(html, stream, stage) called once per chunk, in log order
     */
    function LogTail(fetchPage, sink) {
        this.fetchPage = fetchPage;
        this.sink = sink;
        this.offset = 0;
        this.states = {}; // ANSI state per stage+stream: colours do not leak from stderr into stdout
        this.complete = false;
    }

    /** Fetches and renders every page available now; resolves to true when the log is complete. */
    LogTail.prototype.drain = function () {
        var self = this;
        return self.fetchPage(self.offset).then(function (page) {
            page.chunks.forEach(function (chunk) {
                var key = chunk.stage + ':' + chunk.stream;
                var out = Ansi.toHtml(chunk.text, self.states[key]);
                self.states[key] = out.state;
                self.sink(out.html, chunk.stream, chunk.stage);
            });
            var moved = page.nextOffset > self.offset;
            self.offset = page.nextOffset;
            self.complete = page.complete;
            return moved && !page.complete ? self.drain() : self.complete;
        });
    };

    /**
     * Drains, then again until complete, each drain at least intervalMs after the previous one began: a drain whose
     * last read waited at the API for news starts the next at once. Returns a function that stops it.
     * @param clock optional {now, setTimeout} (tests); Date.now and setTimeout by default
     */
    LogTail.prototype.follow = function (intervalMs, onError, clock) {
        var self = this;
        var now = clock ? clock.now : function () { return Date.now(); };
        var later = clock ? clock.setTimeout : function (f, ms) { return setTimeout(f, ms); };
        var stopped = false;
        function tick() {
            if (stopped) { return; }
            var began = now();
            self.drain().then(function (complete) {
                if (!complete && !stopped) { later(tick, Math.max(0, intervalMs - (now() - began))); }
            }, function (err) {
                if (onError) { onError(err); }
                if (!stopped) { later(tick, intervalMs * 2); }
            });
        }
        tick();
        return function () { stopped = true; };
    };

    /** The REST read of the log from offset; a running build's read waits at the API up to waitSeconds for news. */
    function pageUrl(url, offset, running, waitSeconds) {
        return url + '?offset=' + offset + (running ? '&wait=' + waitSeconds : '');
    }

    function start(doc) {
        var pre = doc.getElementById('ocelot-log');
        if (!pre) { return; }
        var status = doc.querySelector('.ocelot-log-status');
        var url = pre.getAttribute('data-log-url');
        var running = pre.getAttribute('data-running') === 'true';
        var tail = new LogTail(function (offset) {
            return fetch(pageUrl(url, offset, running, FOLLOW_MS / 1000),
                { credentials: 'same-origin', headers: { Accept: 'application/json' } })
                .then(function (r) {
                    if (!r.ok) { throw new Error('log: HTTP ' + r.status); }
                    return r.json();
                });
        }, function (html, stream) {
            var span = doc.createElement('span');
            span.className = 'ocelot-stream-' + String(stream).toLowerCase();
            span.innerHTML = html; // escaped by OcelotAnsi.toHtml
            var atBottom = root.innerHeight + root.scrollY >= doc.body.scrollHeight - 20;
            pre.appendChild(span);
            if (atBottom && pre.getAttribute('data-running') === 'true') { root.scrollTo(0, doc.body.scrollHeight); }
        });
        if (status) { status.textContent = pre.getAttribute('data-running') === 'true' ? 'following…' : ''; }
        tail.follow(FOLLOW_MS, function (err) { if (status) { status.textContent = String(err.message || err); } });
    }

    var api = { LogTail: LogTail, pageUrl: pageUrl, start: start };
    if (typeof module !== 'undefined' && module.exports) {
        module.exports = api;
    } else {
        root.OcelotLog = api;
        if (root.document) {
            if (root.document.readyState === 'loading') {
                root.document.addEventListener('DOMContentLoaded', function () { start(root.document); });
            } else {
                start(root.document);
            }
        }
    }
}(this));

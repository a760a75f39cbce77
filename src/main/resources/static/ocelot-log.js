/*
 * The build page's log: fetches GET {data-log-url}?offset=N page after page (the REST API answers byte offsets and
 * never splits a character), renders each chunk through OcelotAnsi with a class per stream (stderr and Ocelot's own
 * lines look different), and while the build runs polls for more every couple of seconds, stopping when the API
 * says the log is complete. LogTail holds the logic with the fetch and the output injected, so node tests it.
 */
(function (root) {
    'use strict';

    var Ansi = typeof module !== 'undefined' && module.exports ? require('./ocelot-ansi.js') : root.OcelotAnsi;

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

    /** Drains, then polls every intervalMs until complete. Returns a function that stops it. */
    LogTail.prototype.follow = function (intervalMs, onError) {
        var self = this;
        var stopped = false;
        function tick() {
            if (stopped) { return; }
            self.drain().then(function (complete) {
                if (!complete && !stopped) { setTimeout(tick, intervalMs); }
            }, function (err) {
                if (onError) { onError(err); }
                if (!stopped) { setTimeout(tick, intervalMs * 2); }
            });
        }
        tick();
        return function () { stopped = true; };
    };

    function start(doc) {
        var pre = doc.getElementById('ocelot-log');
        if (!pre) { return; }
        var status = doc.querySelector('.ocelot-log-status');
        var url = pre.getAttribute('data-log-url');
        var tail = new LogTail(function (offset) {
            return fetch(url + '?offset=' + offset, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
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
        tail.follow(2000, function (err) { if (status) { status.textContent = String(err.message || err); } });
    }

    var api = { LogTail: LogTail, start: start };
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

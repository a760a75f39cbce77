/*
 * ANSI SGR colours → HTML for the build log. The text is HTML-escaped FIRST, then SGR sequences become
 * <span class="ansi-…"> (classes only, never inline style from the log). State (colours in effect) carries over
 * between chunks, so a colour opened in one log page still applies in the next. Other escape sequences
 * (cursor movement, OSC titles) are dropped. Used by ocelot-log.js in the browser; tested with node --test.
 */
(function (root) {
    'use strict';

    var NAMES = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'];

    function escapeHtml(s) {
        return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
            .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    }

    function initialState() {
        return { bold: false, dim: false, italic: false, underline: false, fg: null, bg: null };
    }

    function apply(state, params) {
        var codes = params === '' ? [0] : params.split(';').map(function (p) { return p === '' ? 0 : parseInt(p, 10); });
        for (var i = 0; i < codes.length; i++) {
            var c = codes[i];
            if (c === 0) { state = initialState(); }
            else if (c === 1) { state.bold = true; }
            else if (c === 2) { state.dim = true; }
            else if (c === 3) { state.italic = true; }
            else if (c === 4) { state.underline = true; }
            else if (c === 22) { state.bold = false; state.dim = false; }
            else if (c === 23) { state.italic = false; }
            else if (c === 24) { state.underline = false; }
            else if (c >= 30 && c <= 37) { state.fg = NAMES[c - 30]; }
            else if (c === 39) { state.fg = null; }
            else if (c >= 40 && c <= 47) { state.bg = NAMES[c - 40]; }
            else if (c === 49) { state.bg = null; }
            else if (c >= 90 && c <= 97) { state.fg = 'bright-' + NAMES[c - 90]; }
            else if (c >= 100 && c <= 107) { state.bg = 'bright-' + NAMES[c - 100]; }
            else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
                var n = codes[i + 2];
                if (n >= 0 && n <= 255) {
                    // 256 colours: the 16 basic ones keep their names, the rest get a numbered class
                    var name = n < 8 ? NAMES[n] : n < 16 ? 'bright-' + NAMES[n - 8] : 'c' + n;
                    if (c === 38) { state.fg = name; } else { state.bg = name; }
                }
                i += 2;
            } else if ((c === 38 || c === 48) && codes[i + 1] === 2) {
                i += 4; // 24-bit colour: not rendered (no inline styles), skipped safely
            }
        }
        return state;
    }

    function classes(state) {
        var out = [];
        if (state.bold) { out.push('ansi-bold'); }
        if (state.dim) { out.push('ansi-dim'); }
        if (state.italic) { out.push('ansi-italic'); }
        if (state.underline) { out.push('ansi-underline'); }
        if (state.fg) { out.push('ansi-fg-' + state.fg); }
        if (state.bg) { out.push('ansi-bg-' + state.bg); }
        return out.join(' ');
    }

    function copy(state) {
        return { bold: state.bold, dim: state.dim, italic: state.italic, underline: state.underline, fg: state.fg, bg: state.bg };
    }

    // CSI sequences (ESC [ params final) and OSC sequences (ESC ] ... BEL or ESC \), and lone ESC.
    var SEQUENCE = /\u001b\[([0-9;?]*)([@-~])|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b/g;

    /**
     * @param text  log text (may contain escape sequences)
     * @param state the state returned for the previous chunk, or undefined at the start
     * @return {html, state}
     */
    function toHtml(text, state) {
        state = state ? copy(state) : initialState();
        var html = '';
        var last = 0;
        var match;
        function emit(segment) {
            if (segment === '') { return; }
            var cls = classes(state);
            var escaped = escapeHtml(segment);
            html += cls ? '<span class="' + cls + '">' + escaped + '</span>' : escaped;
        }
        SEQUENCE.lastIndex = 0;
        while ((match = SEQUENCE.exec(text)) !== null) {
            emit(text.substring(last, match.index));
            if (match[2] === 'm') {
                state = apply(state, match[1]);
            }
            last = SEQUENCE.lastIndex;
        }
        emit(text.substring(last));
        return { html: html, state: state };
    }

    var api = { toHtml: toHtml, escapeHtml: escapeHtml };
    if (typeof module !== 'undefined' && module.exports) {
        module.exports = api;
    } else {
        root.OcelotAnsi = api;
    }
}(this));

package io.ocelot.core.lang;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns the bytes of an ocelot.yml into a SnakeYAML node tree (every node keeps its line and column), or into
 * problems. This is the hostile-input boundary: files come from any pusher, and the plugin reads them inside
 * Bitbucket, so size, encoding, binary content, alias bombs, nesting depth and tags are all checked here and each
 * becomes one clear problem instead of an exception, a hang or a huge allocation.
 *
 * <p>Aliases are the one way a small file becomes a large document. SnakeYAML's own limit counts only aliases to
 * lists and maps, so {@code &x <1 KiB of text>} used 60 000 times passed it and a 256 KiB file became gigabytes
 * of plan. Here every alias counts, and the document is measured as it is read: the characters of all its
 * scalars with every alias expanded, which is an upper bound of what any later step (readers, planner, plan
 * JSON) can copy out of it. Past {@link #MAX_EXPANDED_CHARS} reading stops at that alias.
 */
final class YamlLoader {
    static final int MAX_BYTES = 256 * 1024;
    /** Anchors to lists/maps are allowed (the original's files use them for shared env) but few are ever needed. */
    static final int MAX_COLLECTION_ALIASES = 20;
    static final int MAX_DEPTH = 32;
    /** Aliases of any kind (text, lists, maps): shared values are useful, thousands of them are not. */
    static final int MAX_ALIASES = 100;
    /** Four times the largest file: the text of the document with every alias expanded. */
    static final int MAX_EXPANDED_CHARS = 4 * MAX_BYTES;

    private YamlLoader() {
    }

    /** The root node, or null when the file is empty or unreadable (then a problem says why, unless empty). */
    static Node load(byte[] content, Problems problems) {
        if (content.length > MAX_BYTES) {
            problems.error(1, 1, "file is too large: " + content.length + " bytes; an ocelot.yml may have at most "
                    + MAX_BYTES + " bytes (256 KiB)");
            return null;
        }
        String text = decode(content, problems);
        if (text == null || !printable(text, problems)) {
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(MAX_BYTES);
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setAllowRecursiveKeys(false);
        options.setMergeOnCompose(false); // merge keys are resolved by NodeReader, see there
        // duplicates are reported by NodeReader with both positions; tags by TagRefusingParser, with the user's spelling
        options.setAllowDuplicateKeys(true);
        options.setTagInspector(tag -> true);
        TagRefusingParser parser = new TagRefusingParser(new ParserImpl(new StreamReader(text), options), problems);
        try {
            return new Composer(parser, new Resolver(), options).getSingleNode();
        } catch (Refused e) {
            // the problem is recorded where the limit was passed
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            problems.error(mark != null ? mark : parser.lastMark, syntaxMessage(e));
        } catch (YAMLException e) {
            problems.error(parser.lastMark, limitMessage(e));
        }
        return null;
    }

    private static String decode(byte[] content, Problems problems) {
        int start = 0;
        if (content.length >= 3 && (content[0] & 0xff) == 0xEF && (content[1] & 0xff) == 0xBB
                && (content[2] & 0xff) == 0xBF) {
            start = 3; // a UTF-8 byte-order mark is harmless: editors on Windows add it
        } else if (content.length >= 2 && ((content[0] & 0xff) == 0xFE && (content[1] & 0xff) == 0xFF
                || (content[0] & 0xff) == 0xFF && (content[1] & 0xff) == 0xFE)) {
            problems.error(1, 1, "file is UTF-16; save ocelot.yml as UTF-8");
            return null;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(content, start, content.length - start);
        CharBuffer out = CharBuffer.allocate(content.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        out.flip();
        if (result.isError()) {
            String before = out.toString();
            if (!printable(before, problems)) {
                return null; // binary files fail both ways; the first NUL or control character says it best
            }
            int[] pos = position(before, before.length());
            problems.error(pos[0], pos[1], String.format("file is not valid UTF-8 (byte 0x%02X); save it as UTF-8",
                    content[in.position()] & 0xff));
            return null;
        }
        return out.toString();
    }

    /** YAML forbids most control characters; a NUL usually means someone committed a binary file as ocelot.yml. */
    private static boolean printable(String text, Problems problems) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!StreamReader.isPrintable(cp)) {
                int[] pos = position(text, i);
                problems.error(pos[0], pos[1], cp == 0
                        ? "file contains a NUL byte: this is a binary file, not YAML"
                        : String.format("control character U+%04X is not allowed in YAML", cp));
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    /** 1-based line and column of {@code index} in {@code text}, counting LF, CRLF and lone CR as line ends. */
    private static int[] position(String text, int index) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < index; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++;
            }
        }
        return new int[]{line, column};
    }

    private static String syntaxMessage(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        if (problem.contains("\\t(TAB)") || problem.contains("'\t'")) {
            return "tab character: YAML indentation and separation must use spaces, not tabs";
        }
        if (problem.startsWith("found undefined alias")) {
            return "undefined alias: " + problem.substring("found undefined alias".length()).trim()
                    + " has no matching &anchor before it";
        }
        if (String.valueOf(e.getContext()).contains("single document")) {
            return "only one YAML document is allowed; remove the second '---'";
        }
        if (problem.startsWith("expected <block end>")) {
            problem = "this line is not indented like the lines of the block it belongs to";
        }
        StringBuilder b = new StringBuilder("YAML syntax error: ").append(problem.isEmpty() ? e.getMessage() : problem);
        if (e.getContext() != null && !e.getContext().isEmpty()) {
            b.append(" (").append(e.getContext());
            if (e.getContextMark() != null && e.getProblemMark() != null
                    && e.getContextMark().getLine() != e.getProblemMark().getLine()) {
                b.append(" that starts at line ").append(e.getContextMark().getLine() + 1);
            }
            b.append(')');
        }
        return b.toString();
    }

    private static String limitMessage(YAMLException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("aliases")) {
            return "too many aliases to lists or maps (more than " + MAX_COLLECTION_ALIASES
                    + "); ocelot.yml does not need this many, and expanding them could exhaust memory";
        }
        if (m.contains("Nesting Depth")) {
            return "nested too deeply (more than " + MAX_DEPTH + " levels); ocelot.yml needs only a few";
        }
        if (m.contains("exceeds the limit")) {
            return "file is too large: an ocelot.yml may have at most " + MAX_BYTES + " characters";
        }
        return "YAML error: " + m.replace('\n', ' ');
    }

    /** Stops composing once a problem that makes the rest pointless (an expansion limit) has been recorded. */
    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }

    /**
     * Watches the events on their way to the composer: it measures the expanded document (see the class comment),
     * refuses explicit tags ({@code !!python/object},
     * {@code !Ref}, even {@code !!str}) — ocelot.yml is plain data and a tag is either a mistake or an attack —
     * and remembers the last position, so limits SnakeYAML reports without a position still get one.
     */
    private static final class TagRefusingParser implements Parser {
        private final Parser delegate;
        private final Problems problems;
        /** Expanded size of each anchored node, by anchor name (a later anchor of the same name replaces it). */
        private final Map<String, Long> anchorChars = new HashMap<>();
        /** Per open list or map: its anchor (or null) and its expanded size so far. */
        private final Deque<Frame> open = new ArrayDeque<>();
        private long expandedChars;
        private int aliases;
        Mark lastMark;

        TagRefusingParser(Parser delegate, Problems problems) {
            this.delegate = delegate;
            this.problems = problems;
        }

        @Override
        public boolean checkEvent(Event.ID choice) {
            return delegate.checkEvent(choice);
        }

        @Override
        public Event peekEvent() {
            Event e = delegate.peekEvent();
            if (e != null) {
                lastMark = e.getStartMark();
            }
            return e;
        }

        @Override
        public Event getEvent() {
            Event e = delegate.getEvent();
            lastMark = e.getStartMark();
            measure(e);
            String tag = e instanceof ScalarEvent s ? s.getTag()
                    : e instanceof CollectionStartEvent c ? c.getTag() : null;
            if (tag != null && !tag.equals("!")) {
                String shown = tag.startsWith("tag:yaml.org,2002:") ? "!!" + tag.substring(18) : tag;
                problems.error(e.getStartMark(), "YAML tag '" + shown + "' is not allowed: ocelot.yml holds plain "
                        + "text, lists and maps");
            }
            return e;
        }

        private void measure(Event e) {
            if (e instanceof ScalarEvent s) {
                long n = s.getValue().length();
                if (s.getAnchor() != null) {
                    anchorChars.put(s.getAnchor(), n);
                }
                add(n, e);
            } else if (e instanceof CollectionStartEvent c) {
                open.push(new Frame(c.getAnchor()));
            } else if (e instanceof CollectionEndEvent && !open.isEmpty()) {
                Frame done = open.pop();
                if (done.anchor != null) {
                    anchorChars.put(done.anchor, done.chars);
                }
                if (!open.isEmpty()) {
                    open.peek().chars += done.chars; // already in the total
                }
            } else if (e instanceof AliasEvent a) {
                if (++aliases > MAX_ALIASES) {
                    problems.error(e.getStartMark(), "too many aliases (more than " + MAX_ALIASES + "); ocelot.yml "
                            + "does not need this many, and each one copies its anchor's value");
                    throw new Refused();
                }
                // an alias inside its own anchor has no size yet; the composer reports the recursion
                add(anchorChars.getOrDefault(a.getAnchor(), 0L), e);
            }
        }

        private void add(long n, Event at) {
            expandedChars += n;
            if (!open.isEmpty()) {
                open.peek().chars += n;
            }
            if (expandedChars > MAX_EXPANDED_CHARS) {
                problems.error(at.getStartMark(), (at instanceof AliasEvent ? "this alias expands" : "aliases expand")
                        + " the file to more than " + MAX_EXPANDED_CHARS + " characters of text (4 times the "
                        + "largest file); ocelot.yml must not need that much, and every copy ends up in the plan");
                throw new Refused();
            }
        }
    }

    private static final class Frame {
        final String anchor;
        long chars;

        Frame(String anchor) {
            this.anchor = anchor;
        }
    }
}

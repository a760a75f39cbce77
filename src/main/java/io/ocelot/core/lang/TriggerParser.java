package io.ocelot.core.lang;

import io.ocelot.core.lang.TriggerExpression.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one trigger directive:
 * <pre>
 *   directive := and-expr ( "or" and-expr )*
 *   and-expr  := section ( "and" section )*
 *   section   := "\branch" | "\text" | "\filepath"  value ( ("||" | "&amp;&amp;") value )*   -- one operator per section
 *   value     := word | "quoted text"
 * </pre>
 * Keywords ({@code \branch}, {@code and}, {@code or}) are case-insensitive. A word runs to the next blank,
 * {@code ||} or {@code &&}; quotes allow blanks, a leading backslash, or a literal {@code and}/{@code or}.
 * Recursive descent over a token list: small enough to read in one sitting, and every error knows its offset.
 */
public final class TriggerParser {
    private final String src;
    private final List<Token> tokens;
    private final IntFunction<String> where;
    private int pos;

    private TriggerParser(String src, List<Token> tokens, IntFunction<String> where) {
        this.src = src;
        this.tokens = tokens;
        this.where = where;
    }

    public static TriggerExpression parse(String directive) throws TriggerSyntaxException {
        return parse(directive, offset -> null);
    }

    /**
     * @param where the place ({@code FILE:LINE:COLUMN}) of an offset into {@code directive}, so each branch pattern
     *              can say where it is when it cannot be matched
     */
    public static TriggerExpression parse(String directive, IntFunction<String> where) throws TriggerSyntaxException {
        TriggerParser p = new TriggerParser(directive, tokenize(directive), where);
        if (p.tokens.isEmpty()) {
            throw new TriggerSyntaxException(0, "empty trigger directive; write e.g. '\\branch main'");
        }
        TriggerExpression e = p.orExpr();
        if (p.pos < p.tokens.size()) {
            Token t = p.tokens.get(p.pos);
            throw new TriggerSyntaxException(t.start, "unexpected " + t.shown() + "; expected 'and' or 'or'");
        }
        return e;
    }

    private TriggerExpression orExpr() throws TriggerSyntaxException {
        List<TriggerExpression> parts = new ArrayList<>();
        parts.add(andExpr());
        while (at(Type.OR)) {
            parts.add(andExprAfter(tokens.get(pos++)));
        }
        return parts.size() == 1 ? parts.get(0) : new TriggerExpression.Or(parts);
    }

    private TriggerExpression andExpr() throws TriggerSyntaxException {
        List<TriggerExpression> parts = new ArrayList<>();
        parts.add(section());
        while (at(Type.AND)) {
            Token keyword = tokens.get(pos++);
            requireSectionAfter(keyword);
            parts.add(section());
        }
        return parts.size() == 1 ? parts.get(0) : new TriggerExpression.And(parts);
    }

    private TriggerExpression andExprAfter(Token keyword) throws TriggerSyntaxException {
        requireSectionAfter(keyword);
        return andExpr();
    }

    private void requireSectionAfter(Token keyword) throws TriggerSyntaxException {
        if (pos >= tokens.size()) {
            throw new TriggerSyntaxException(keyword.start, "'" + keyword.text + "' must be followed by a section such as '\\branch main'");
        }
    }

    private TriggerExpression section() throws TriggerSyntaxException {
        if (pos >= tokens.size()) {
            throw new TriggerSyntaxException(src.length(), "expected a section such as '\\branch main'");
        }
        Token head = tokens.get(pos);
        if (head.type != Type.SECTION) {
            throw new TriggerSyntaxException(head.start, "expected a section ('\\branch', '\\text' or '\\filepath'), found "
                    + head.shown());
        }
        pos++;
        Kind kind = kind(head);
        List<String> values = new ArrayList<>();
        List<BranchPattern> patterns = new ArrayList<>();
        Token joiner = null;
        addValue(head, kind, values, patterns);
        while (at(Type.ANY) || at(Type.ALL)) {
            Token op = tokens.get(pos++);
            if (joiner != null && joiner.type != op.type) {
                throw new TriggerSyntaxException(op.start, "cannot mix '||' and '&&' in one section; split it into "
                        + "sections joined by 'and' / 'or', e.g. '\\branch a || b and \\text x'");
            }
            joiner = op;
            addValue(op, kind, values, patterns);
        }
        if (pos < tokens.size() && (tokens.get(pos).type == Type.WORD || tokens.get(pos).type == Type.SECTION)) {
            Token t = tokens.get(pos);
            throw new TriggerSyntaxException(t.start, "expected '||', '&&', 'and' or 'or' before " + t.shown()
                    + (t.type == Type.WORD ? " (quote a value that contains blanks)" : ""));
        }
        return new TriggerExpression.Section(kind, values, joiner != null && joiner.type == Type.ALL, patterns);
    }

    private void addValue(Token after, Kind kind, List<String> values, List<BranchPattern> patterns)
            throws TriggerSyntaxException {
        if (pos >= tokens.size() || tokens.get(pos).type != Type.WORD) {
            String found = pos >= tokens.size() ? "the end" : tokens.get(pos).shown();
            int at = pos >= tokens.size() ? after.start : tokens.get(pos).start;
            throw new TriggerSyntaxException(at, "expected a value after " + after.shown() + ", found " + found);
        }
        Token v = tokens.get(pos++);
        if (v.text.isEmpty()) {
            throw new TriggerSyntaxException(v.start, "empty value in " + after.shown());
        }
        if (kind == Kind.BRANCH) {
            int quote = src.charAt(v.start) == '"' ? 1 : 0;
            try {
                patterns.add(BranchPattern.compile(v.text, where.apply(v.start + quote)));
            } catch (PatternSyntaxException e) {
                int inside = Math.max(0, e.getIndex());
                throw new TriggerSyntaxException(v.start + quote + Math.min(inside, v.text.length()),
                        "invalid branch regular expression '" + v.text + "': " + e.getDescription());
            }
        }
        values.add(v.text);
    }

    private Kind kind(Token head) throws TriggerSyntaxException {
        String word = head.text.substring(1).toLowerCase(Locale.ROOT);
        for (Kind k : Kind.values()) {
            if (k.word.equals(word)) {
                return k;
            }
        }
        List<String> known = Arrays.stream(Kind.values()).map(k -> k.word).toList();
        String hint = KeySuggester.nearest(word, known).map(n -> " — did you mean '\\" + n + "'?")
                .orElse(" (sections are \\branch, \\text and \\filepath)");
        throw new TriggerSyntaxException(head.start, "unknown trigger section '" + head.text + "'" + hint);
    }

    private boolean at(Type type) {
        return pos < tokens.size() && tokens.get(pos).type == type;
    }

    // ---- tokenizer ----

    private enum Type { SECTION, WORD, ANY, ALL, AND, OR }

    private record Token(Type type, String text, int start) {
        String shown() {
            return switch (type) {
                case ANY -> "'||'";
                case ALL -> "'&&'";
                default -> "'" + text + "'";
            };
        }
    }

    private static List<Token> tokenize(String s) throws TriggerSyntaxException {
        List<Token> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("||", i)) {
                out.add(new Token(Type.ANY, "||", i));
                i += 2;
            } else if (s.startsWith("&&", i)) {
                out.add(new Token(Type.ALL, "&&", i));
                i += 2;
            } else if (c == '"') {
                int end = s.indexOf('"', i + 1);
                if (end < 0) {
                    throw new TriggerSyntaxException(i, "unclosed quote");
                }
                out.add(new Token(Type.WORD, s.substring(i + 1, end), i));
                i = end + 1;
            } else if (c == '\\') {
                int end = i + 1;
                while (end < s.length() && Character.isLetter(s.charAt(end))) {
                    end++;
                }
                if (end == i + 1) {
                    throw new TriggerSyntaxException(i, "'\\' must start a section: \\branch, \\text or \\filepath"
                            + " (quote a value that starts with a backslash)");
                }
                out.add(new Token(Type.SECTION, s.substring(i, end), i));
                i = end;
            } else {
                int end = i;
                while (end < s.length() && !Character.isWhitespace(s.charAt(end)) && !s.startsWith("||", end)
                        && !s.startsWith("&&", end)) {
                    end++;
                }
                String w = s.substring(i, end);
                Type t = w.equalsIgnoreCase("and") ? Type.AND : w.equalsIgnoreCase("or") ? Type.OR : Type.WORD;
                out.add(new Token(t, w, i));
                i = end;
            }
        }
        return out;
    }
}

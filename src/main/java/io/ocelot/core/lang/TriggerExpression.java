package io.ocelot.core.lang;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The tree of one trigger directive. {@code and} binds tighter than {@code or}, so
 * {@code \branch main or \text deploy and \filepath src/} is {@code Or[branch, And[text, filepath]]}.
 * {@link #toString()} prints the tree with explicit parentheses, which is how tests (and curious users) see the
 * grouping the parser chose.
 */
public sealed interface TriggerExpression {
    boolean matches(TriggerFacts facts);

    record Or(List<TriggerExpression> anyOf) implements TriggerExpression {
        public Or {
            anyOf = List.copyOf(anyOf);
        }

        @Override
        public boolean matches(TriggerFacts facts) {
            return anyOf.stream().anyMatch(e -> e.matches(facts));
        }

        @Override
        public String toString() {
            return anyOf.stream().map(Object::toString).collect(Collectors.joining(" or ", "(", ")"));
        }
    }

    record And(List<TriggerExpression> allOf) implements TriggerExpression {
        public And {
            allOf = List.copyOf(allOf);
        }

        @Override
        public boolean matches(TriggerFacts facts) {
            return allOf.stream().allMatch(e -> e.matches(facts));
        }

        @Override
        public String toString() {
            return allOf.stream().map(Object::toString).collect(Collectors.joining(" and ", "(", ")"));
        }
    }

    /**
     * One section such as {@code \branch main || develop}: its values joined by {@code ||} (any) or {@code &&}
     * (all). Branch values are regular expressions on the whole name; text and filepath values are substrings.
     */
    record Section(Kind kind, List<String> values, boolean all, List<BranchPattern> branchPatterns)
            implements TriggerExpression {
        public Section {
            values = List.copyOf(values);
            branchPatterns = List.copyOf(branchPatterns);
        }

        @Override
        public boolean matches(TriggerFacts facts) {
            IntStream indices = IntStream.range(0, values.size());
            return all ? indices.allMatch(i -> one(i, facts)) : indices.anyMatch(i -> one(i, facts));
        }

        private boolean one(int i, TriggerFacts facts) {
            String v = values.get(i);
            return switch (kind) {
                case BRANCH -> branchPatterns.get(i).matches(facts.branch());
                case TEXT -> facts.commitMessages().stream().anyMatch(m -> m.contains(v));
                case FILEPATH -> facts.changedPaths().stream().anyMatch(p -> p.contains(v));
            };
        }

        @Override
        public String toString() {
            return "\\" + kind.word + " " + values.stream().map(Section::shown)
                    .collect(Collectors.joining(all ? " && " : " || "));
        }

        /** Quoted when it would not read back as one value. */
        private static String shown(String v) {
            boolean plain = !v.isEmpty() && v.chars().noneMatch(Character::isWhitespace) && !v.contains("||")
                    && !v.contains("&&") && !v.startsWith("\\") && !v.equalsIgnoreCase("and") && !v.equalsIgnoreCase("or");
            return plain ? v : '"' + v + '"';
        }
    }

    enum Kind {
        BRANCH("branch"), TEXT("text"), FILEPATH("filepath");

        public final String word;

        Kind(String word) {
            this.word = word;
        }
    }
}

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
    /** With a budget of its own: for one-off checks; planning passes the event's shared budget. */
    default boolean matches(TriggerFacts facts) {
        return matches(facts, MatchBudget.perEvent());
    }

    /** @throws MatchGaveUp when a branch pattern (or the whole directive) cannot be decided within the budget */
    boolean matches(TriggerFacts facts, MatchBudget budget);

    record Or(List<TriggerExpression> anyOf) implements TriggerExpression {
        public Or {
            anyOf = List.copyOf(anyOf);
        }

        @Override
        public boolean matches(TriggerFacts facts, MatchBudget budget) {
            return anyOf.stream().anyMatch(e -> e.matches(facts, budget));
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
        public boolean matches(TriggerFacts facts, MatchBudget budget) {
            return allOf.stream().allMatch(e -> e.matches(facts, budget));
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
        public boolean matches(TriggerFacts facts, MatchBudget budget) {
            IntStream indices = IntStream.range(0, values.size());
            return all ? indices.allMatch(i -> one(i, facts, budget)) : indices.anyMatch(i -> one(i, facts, budget));
        }

        private boolean one(int i, TriggerFacts facts, MatchBudget budget) {
            String v = values.get(i);
            return switch (kind) {
                case BRANCH -> branchPatterns.get(i).matches(facts.branch(), budget);
                case TEXT -> containedIn(facts.commitMessages(), v, budget);
                case FILEPATH -> containedIn(facts.changedPaths(), v, budget);
            };
        }

        /** Substring search is linear, but thousands of directives times thousands of commits is not: it is charged. */
        private boolean containedIn(List<String> haystacks, String v, MatchBudget budget) {
            for (String h : haystacks) {
                if (!budget.spend(h.length() + 1L)) {
                    throw new MatchGaveUp("trigger value '" + Abbreviate.text(v) + "' could not be checked: the "
                            + "directives of this file used up the matching budget of one event (" + budget.steps()
                            + " steps) on " + haystacks.size() + " commit messages or paths", false);
                }
                if (h.contains(v)) {
                    return true;
                }
            }
            return false;
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

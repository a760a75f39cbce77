package io.ocelot.core.lang;

/**
 * One entry of a stage's {@code triggers}: the directive as written (for reasons), its parsed tree, and where the
 * file has it ({@code FILE:LINE:COLUMN}, null when not read from a file) for the message when it cannot be decided.
 */
public record Trigger(String source, TriggerExpression expression, String where) {
    public Trigger(String source, TriggerExpression expression) {
        this(source, expression, null);
    }

    public boolean matches(TriggerFacts facts) {
        return matches(facts, MatchBudget.perEvent());
    }

    /** @throws MatchGaveUp (saying where) when the directive cannot be decided within the event's budget */
    public boolean matches(TriggerFacts facts, MatchBudget budget) {
        try {
            return expression.matches(facts, budget);
        } catch (MatchGaveUp e) {
            throw e.at(where);
        }
    }

    @Override
    public String toString() {
        return source;
    }
}

package io.ocelot.core.lang;

/** One entry of a stage's {@code triggers}: the directive as written (for reasons) and its parsed tree. */
public record Trigger(String source, TriggerExpression expression) {
    public boolean matches(TriggerFacts facts) {
        return expression.matches(facts);
    }

    @Override
    public String toString() {
        return source;
    }
}

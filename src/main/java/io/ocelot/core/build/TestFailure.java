package io.ocelot.core.build;

/**
 * One failed or errored test case. {@code trace}: the first lines of its stack trace or output; {@code file} and
 * {@code line}: where the trace points into the test's source (the file name as the trace writes it, e.g.
 * {@code FooTest.java} or {@code tests/test_foo.py}), null when it points nowhere.
 */
public record TestFailure(String suite, String test, String message, String trace, String file, Integer line) {
    public static final int MAX_MESSAGE = 1000;
    public static final int MAX_TRACE_LINES = 10;
}

package io.ocelot.werker.engine.reports;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a failing test's trace points into its source: a JVM frame {@code at com.x.FooTest.bar(FooTest.java:42)}
 * (a module or class-loader prefix such as {@code app//} allowed)
 * (as {@code com/x/FooTest.java}, the package giving the directories), a pytest line {@code tests/test_x.py:12: },
 * or a JavaScript frame {@code (src/sum.test.js:7:13)}. Frames of test frameworks and the JDK are passed over.
 */
public final class TraceLocations {
    public record Location(String file, int line) {
    }

    private static final Pattern JVM = Pattern.compile(
            "at\\s+(?:[\\w.$@-]*/{1,2})?([\\w$.]+)\\.[\\w$<>-]+\\(([\\w$-]+\\.(?:java|kt|groovy|scala)):(\\d{1,9})\\)");
    private static final Pattern PYTHON = Pattern.compile("(?m)^([^\\s:][^:\\n]{0,500}\\.py):(\\d{1,9}):");
    private static final Pattern JS = Pattern.compile(
            "\\(?((?:[A-Za-z]:)?[\\w./@+-]{1,500}\\.(?:[cm]?[jt]sx?)):(\\d{1,9}):\\d{1,9}\\)?");
    private static final List<String> FRAMEWORKS = List.of("java.", "javax.", "jdk.", "sun.", "org.junit.", "junit.",
            "org.opentest4j.", "org.assertj.", "org.hamcrest.", "org.mockito.", "kotlin.", "org.testng.",
            "org.apache.maven.", "org.gradle.", "groovy.", "org.codehaus.groovy.", "org.spockframework.", "scala.");

    private TraceLocations() {
    }

    /** The location, or null; {@code testClass} (the case's classname) wins over other frames when it has one. */
    public static Location find(String trace, String testClass) {
        if (trace == null || trace.isEmpty()) {
            return null;
        }
        Location jvm = jvm(trace, testClass);
        if (jvm != null) {
            return jvm;
        }
        Location py = null;
        Matcher p = PYTHON.matcher(trace);
        while (p.find()) { // pytest prints the frames outermost first; the last of the project's own is the line
            if (!p.group(1).contains("site-packages")) {
                py = new Location(p.group(1).strip(), Integer.parseInt(p.group(2)));
            }
        }
        if (py != null) {
            return py;
        }
        Matcher j = JS.matcher(trace);
        while (j.find()) {
            if (!j.group(1).contains("node_modules") && !j.group(1).startsWith("node:")) {
                return new Location(j.group(1), Integer.parseInt(j.group(2)));
            }
        }
        return null;
    }

    private static Location jvm(String trace, String testClass) {
        Matcher m = JVM.matcher(trace);
        Location first = null;
        while (m.find()) {
            String cls = m.group(1);
            int dollar = cls.indexOf('$');
            String outer = dollar < 0 ? cls : cls.substring(0, dollar);
            if (FRAMEWORKS.stream().anyMatch(outer::startsWith)) {
                continue;
            }
            int dot = outer.lastIndexOf('.');
            String path = (dot < 0 ? "" : outer.substring(0, dot).replace('.', '/') + "/") + m.group(2);
            Location here = new Location(path, Integer.parseInt(m.group(3)));
            if (outer.equals(testClass)) {
                return here;
            }
            if (first == null) {
                first = here;
            }
        }
        return first;
    }
}

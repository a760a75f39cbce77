package io.ocelot.plugin.web;

import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.build.TestFailure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The build page's test results ({@code ocelot.pages.tests}): never null values, so the 2014 Soy dialect is happy. */
final class TestsModel {
    private TestsModel() {
    }

    static Map<String, Object> of(BuildDetail d) {
        Map<String, Object> m = new HashMap<>();
        m.put("present", d.tests() != null);
        m.put("passed", d.tests() == null ? 0 : d.tests().passed());
        m.put("failed", d.tests() == null ? 0 : d.tests().failed());
        m.put("skipped", d.tests() == null ? 0 : d.tests().skipped());
        List<Map<String, Object>> failures = new ArrayList<>();
        for (TestFailure f : d.failures()) {
            Map<String, Object> fm = new HashMap<>();
            fm.put("suite", text(f.suite()));
            fm.put("test", text(f.test()));
            fm.put("message", text(f.message()));
            fm.put("trace", text(f.trace()));
            fm.put("where", f.file() == null ? "" : f.file() + (f.line() == null ? "" : ":" + f.line()));
            failures.add(fm);
        }
        m.put("failures", failures);
        m.put("more", d.tests() == null ? 0 : Math.max(0, d.tests().failed() - failures.size()));
        return m;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}

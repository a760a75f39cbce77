package io.ocelot.plugin.web;

import io.ocelot.core.api.StageView;
import io.ocelot.plugin.ui.LogSections;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Soy data of the build page's log sections ({@code <details>} per stage, open for a failed stage) and of its
 * attempts list. Section text is plain: ANSI colour codes are dropped (the live log below colours them).
 */
final class BuildSectionModels {
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");

    private BuildSectionModels() {
    }

    static List<Map<String, Object>> sections(List<LogSections.Section> sections, List<StageView> stages) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (LogSections.Section s : sections) {
            StageView stage = s.stage() >= 0 && s.stage() < stages.size() ? stages.get(s.stage()) : null;
            String status = !s.result().isEmpty() ? s.result() : stage != null ? stage.status().name() : "";
            String duration = !s.duration().isEmpty() ? s.duration()
                    : stage != null && stage.durationMillis() != null ? PageModels.duration(stage.durationMillis()) : "";
            Map<String, Object> m = new HashMap<>();
            m.put("title", s.stage() >= 0 ? (s.stage() + 1) + ". " + s.title() : s.title());
            m.put("status", status);
            m.put("stateClass", status.isEmpty() ? "" : PageModels.stateClass(status));
            m.put("duration", duration);
            m.put("text", ANSI.matcher(s.text()).replaceAll(""));
            m.put("open", status.equals("FAILED") || status.equals("ERRORED") || status.equals("RUNNING"));
            out.add(m);
        }
        return out;
    }

    /** Attempts 1..n, the shown one marked; each links to the build page of that attempt and its download. */
    static List<Map<String, Object>> attempts(int count, int shown, String buildPath) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Map<String, Object> m = new HashMap<>();
            m.put("number", i);
            m.put("current", i == count);
            m.put("shown", i == shown);
            m.put("url", PageUrls.checked(buildPath + (i == count ? "" : "?attempt=" + i)));
            m.put("logUrl", PageUrls.checked(buildPath + "/log" + (i == count ? "" : "?attempt=" + i)));
            out.add(m);
        }
        return out;
    }
}

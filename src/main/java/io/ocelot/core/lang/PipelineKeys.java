package io.ocelot.core.lang;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key the language knows, by the place it may appear. The parser checks maps against these lists (unknown
 * key → error with a suggestion) and a test compares them with schema/ocelot.schema.json, so the schema editors
 * use for completion cannot drift from what the parser accepts.
 */
public final class PipelineKeys {
    public static final List<String> TOP = List.of("image", "machineTag", "buildTool", "packages", "branches", "tags",
            "paths", "env", "timeout", "workdir", "notify", "stages", "limits");
    public static final List<String> STAGE = List.of("name", "script", "env", "workdir", "timeout", "always",
            "trigger", "triggers", "reports");
    public static final List<String> STAGE_REPORTS = List.of("junit");
    public static final List<String> STAGE_TRIGGER = List.of("branches");
    public static final List<String> NOTIFY = List.of("slack", "webhook");
    public static final List<String> SLACK = List.of("channel", "identifier", "on");
    public static final List<String> WEBHOOK = List.of("url", "on");
    public static final List<String> LIMITS = List.of("memory", "cpus", "pids", "disk");

    private PipelineKeys() {
    }

    /** The lists above by a path: "" (top level), "stages[]", "stages[].trigger", "notify", "notify.slack", ... */
    public static Map<String, List<String>> byPath() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("", TOP);
        m.put("stages[]", STAGE);
        m.put("stages[].trigger", STAGE_TRIGGER);
        m.put("stages[].reports", STAGE_REPORTS);
        m.put("notify", NOTIFY);
        m.put("notify.slack", SLACK);
        m.put("notify.webhook", WEBHOOK);
        m.put("limits", LIMITS);
        return m;
    }
}

package io.ocelot.werker.engine;

import io.ocelot.core.plan.PlannedStage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a shell stage runs: its script lines as one shell run ({@link StageScript#compose}), its environment (the
 * stage's variables, then the build's secrets over them) and its working directory (null: the workspace). The engine
 * starts stages with it; an executor may make a stage's process ready with it before the stage's turn.
 */
public record StageCommand(String script, Map<String, String> env, String workdir) {
    public static StageCommand of(PlannedStage stage, Map<String, String> secrets) {
        Map<String, String> env = new LinkedHashMap<>(stage.env());
        env.putAll(secrets);
        return new StageCommand(StageScript.compose(stage.script()), env, stage.workdir());
    }
}

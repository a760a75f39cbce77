package io.ocelot.werker.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A werker process for {@link ShutdownSignalsTest}: the real agent and signal handling, the scripted engine.
 * Args: plugin URL, work dir, drain timeout, stage writes (10 ms apart). Exits with the agent's exit code.
 */
public final class SignalDrill {
    public static void main(String[] args) throws Exception {
        int writes = Integer.parseInt(args[3]);
        ScriptedRunner runner = new ScriptedRunner(id -> List.of(
                new ScriptedRunner.Stage("s", writes, 100, Duration.ofMillis(10), 0)));
        AgentConfig cfg = new AgentConfig.Builder().server(args[0]).token(FakePlugin.PRESET_TOKEN).name("drill")
                .workDir(Path.of(args[1])).diskFloor("0").drainTimeout(args[2]).timings(AgentTest.FAST).build();
        Agent agent = new Agent(cfg, settings -> new EngineParts(runner, (n, r) -> java.util.Set.of(), d -> { }));
        agent.start();
        ShutdownSignals.install(agent);
        System.exit(agent.awaitExit());
    }
}

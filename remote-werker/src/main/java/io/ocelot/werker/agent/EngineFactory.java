package io.ocelot.werker.agent;

/** Makes the engine for a werker from its settings; see {@link AgentWiring} for the one {@code ocelot werker start} uses. */
@FunctionalInterface
public interface EngineFactory {
    /** @throws Exception when the engine cannot be had here (no Docker, bad Docker host...): the message says why */
    EngineParts create(RunnerSettings settings) throws Exception;
}

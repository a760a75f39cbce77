package io.ocelot.werker.agent;

import java.util.List;

/** The werker's configuration is unusable; each problem names the flag or variable and what is wrong with it. */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}

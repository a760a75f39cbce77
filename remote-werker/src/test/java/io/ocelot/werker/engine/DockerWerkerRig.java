package io.ocelot.werker.engine;

import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One werker's worth of set-up for the engine tests on the real Docker engine: a werker name of its own, a work dir
 * and a project folder (the checked-out workspace) in a temporary folder, the engine required (fails, never skips),
 * and at the end the check that the werker left no container and no workspace — then its containers removed anyway,
 * so one failing test does not leak into the next.
 */
public final class DockerWerkerRig extends ExternalResource {
    private final String prefix;
    private final TemporaryFolder tmp = new TemporaryFolder();
    private String name;
    private Path workDir;
    private Path project;

    public DockerWerkerRig(String prefix) {
        this.prefix = prefix;
    }

    @Override
    protected void before() throws Throwable {
        DockerFixture.requireDocker();
        tmp.create();
        name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        workDir = newFolder("work");
        project = newFolder("project");
    }

    @Override
    protected void after() {
        try {
            DockerFixture.assertNothingLeft(name, workDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DockerFixture.removeLabelled("ocelot.werker=" + name);
            tmp.delete();
        }
    }

    /** The werker's name, which labels its containers ({@code ocelot.werker=<name>}). */
    public String name() {
        return name;
    }

    public Path workDir() {
        return workDir;
    }

    /** The build's workspace as the clone left it. */
    public Path project() {
        return project;
    }

    public Path newFolder(String folder) {
        try {
            return tmp.newFolder(folder).toPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.ocelot.cli;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class ValidateCommandTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private String write(String name, String content) throws IOException {
        Path p = tmp.getRoot().toPath().resolve(name);
        Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        return p.toString();
    }

    private static final String VALID = """
            image: ocelot/busybox
            branches: [main, release/.*]
            stages:
              - name: build
                script: [make]
              - name: test
                script: [make test]
              - name: deploy
                script: [make deploy]
            """;

    @Test
    public void validFileIsConfirmedOnStdout() throws IOException {
        String f = write("ocelot.yml", VALID);
        CliRun r = CliRun.run("validate", f);
        assertEquals(r.err(), 0, r.exit());
        assertEquals(f + " is valid: 3 stages, image ocelot/busybox\n", r.out());
        assertEquals("", r.err());
    }

    @Test
    public void invalidFilePrintsEveryErrorOnStderrAndExits1() throws IOException {
        String f = write("bad.yml", "image: x\nstage:\n  - name: a\nstages: []\ntimeout: soon\n");
        CliRun r = CliRun.run("validate", f);
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertEquals(f + ":2:1: unknown key 'stage' — did you mean 'stages'?\n"
                + f + ":4:9: 'stages' is empty: list at least one stage with a 'name' and a 'script'\n"
                + f + ":5:10: 'timeout': invalid duration 'soon': use hours, minutes and seconds such as 90s, 45m or 1h30m\n"
                + f + ": 3 errors\n", r.err());
    }

    @Test
    public void warningsGoToStderrWithoutChangingTheExitCode() throws IOException {
        String f = write("ocelot.yml", "machineTag: mac\npackages: [git]\nstages: [{name: a, script: [x]}]\n");
        CliRun r = CliRun.run("validate", f);
        assertEquals(0, r.exit());
        assertEquals(f + " is valid: 1 stage, machineTag mac\n", r.out());
        assertTrue(r.err(), r.err().startsWith(f + ":2:1: warning: 'packages' is not used by Ocelot"));
    }

    @Test
    public void branchSaysWhetherItWouldBuild() throws IOException {
        String f = write("ocelot.yml", VALID);
        CliRun yes = CliRun.run("validate", f, "--branch", "release/1.0");
        assertEquals(0, yes.exit());
        assertTrue(yes.out(), yes.out().endsWith("branch 'release/1.0' would build\n"));
        CliRun no = CliRun.run("validate", f, "--branch", "wip");
        assertEquals("the file is valid even if the branch would not build", 0, no.exit());
        assertTrue(no.out(), no.out().endsWith(
                "branch 'wip' would not build: branch 'wip' does not match branches [main, release/.*]\n"));
    }

    @Test
    public void missingFileIsAUsageError() {
        String missing = tmp.getRoot().toPath().resolve("nope.yml").toString();
        CliRun r = CliRun.run("validate", missing);
        assertEquals(2, r.exit());
        assertEquals("ocelot validate: no such file: " + missing + "\n", r.err());
        CliRun dir = CliRun.run("validate", tmp.getRoot().toString());
        assertEquals(2, dir.exit());
        assertTrue(dir.err(), dir.err().contains("no pipeline files in " + tmp.getRoot()));
    }

    @Test
    public void defaultFileIsOcelotYmlInTheCurrentDirectory() {
        // the test JVM runs in remote-werker/, which has no ocelot.yml
        CliRun r = CliRun.run("validate");
        assertEquals(2, r.exit());
        assertTrue(r.err(), r.err().startsWith("ocelot validate: no such file: ocelot.yml"));
    }

    @Test
    public void unknownOptionIsAUsageError() {
        CliRun r = CliRun.run("validate", "--brunch", "x");
        assertEquals(2, r.exit());
        assertTrue(r.err(), r.err().contains("--brunch"));
    }

    @Test
    public void binaryFileGetsAClearErrorNotATrace() throws IOException {
        Path p = tmp.getRoot().toPath().resolve("ocelot.yml");
        Files.write(p, new byte[]{'a', ':', ' ', 0, 1, 2, (byte) 0xFF});
        CliRun r = CliRun.run("validate", p.toString());
        assertEquals(1, r.exit());
        assertEquals(p + ":1:4: file contains a NUL byte: this is a binary file, not YAML\n" + p + ": 1 error\n", r.err());
    }

    @Test
    public void aDirectoryWithABadGraphAndARepeatedServiceGetsEveryProblemAtItsPlace() throws IOException {
        Path dir = tmp.newFolder("project").toPath();
        Files.writeString(dir.resolve("ocelot.yml"), """
                image: ocelot/busybox
                services:
                  - {name: db, image: postgres}
                  - {name: db, image: redis}
                stages:
                  - name: a
                    needs: [b]
                    script: [x]
                  - name: b
                    needs: [a, lint]
                    script: [x]
                """);
        CliRun r = CliRun.run("validate", dir.toString());
        assertEquals(r.err(), 1, r.exit());
        assertEquals("", r.out());
        Path f = dir.resolve("ocelot.yml");
        assertEquals(f + ":4:12: duplicate service name 'db' (first at line 3)\n"
                + f + ":10:13: 'needs' makes a cycle: a -> b -> a; these stages would wait for each other forever\n"
                + f + ":10:16: 'needs' of stage 'b': there is no stage 'lint' (the stages are: [a, b])\n"
                + dir + ": 3 errors\n", r.err());
    }
}

package io.ocelot.werker.workspace;

import io.ocelot.core.protocol.Messages.CloneSpec;
import io.ocelot.werker.engine.BuildError;
import io.ocelot.werker.engine.Cancellation;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/**
 * {@link GitCheckout} with the real git on a real repository: a push build whose commit is its branch's tip gets it
 * from one shallow clone, checked out; a commit the branch has moved on from, or a branch that is gone, is still
 * checked out exactly, by id; a build with a branch is on that branch at its commit, one without is detached there;
 * the workspace always has the remote {@code origin}.
 */
public class GitCheckoutTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path origin;
    private String url;
    private String first;
    private String tip;
    private final List<String> log = new ArrayList<>();

    @Before
    public void setUp() throws Exception {
        origin = tmp.newFolder("origin").toPath();
        git(origin, "init", "-q", "-b", "main");
        first = commit("v1");
        tip = commit("v2");
        // a plain path would ignore --depth: file:// as Bitbucket's clone URLs are real URLs
        url = "file://" + origin;
    }

    private String commit(String version) throws Exception {
        Files.writeString(origin.resolve("version.txt"), version + "\n");
        git(origin, "add", "-A");
        git(origin, "-c", "user.name=dev", "-c", "user.email=dev@example", "commit", "-qm", version);
        return git(origin, "rev-parse", "HEAD");
    }

    private Path checkout(String commit, String branch) throws Exception {
        Path buildDir = tmp.newFolder().toPath();
        Path dest = buildDir.resolve("src");
        new GitCheckout(buildDir, buildDir.resolve("known_hosts"), log::add, new Cancellation())
                .checkout(new CloneSpec(url, null, null, null), commit, branch, dest);
        return dest;
    }

    @Test
    public void theBranchTipComesFromOneShallowClone() throws Exception {
        Path ws = checkout(tip, "main");

        assertEquals("v2\n", Files.readString(ws.resolve("version.txt")));
        assertEquals(tip, git(ws, "rev-parse", "HEAD"));
        assertEquals(url, git(ws, "remote", "get-url", "origin"));
        assertEquals("shallow", "1", git(ws, "rev-list", "--count", "HEAD"));
        assertEquals("on its branch", "main", git(ws, "symbolic-ref", "--short", "HEAD"));
        assertTrue(log.toString(), log.contains("$ git clone --depth 1 --branch main (the build's repository)"));
        assertFalse("the clone checked it out, nothing after it: " + log,
                log.stream().anyMatch(l -> l.startsWith("$ git fetch") || l.startsWith("$ git checkout")));
        assertFalse("no sample hooks copied into a workspace thrown away with the build",
                Files.exists(ws.resolve(".git/hooks")));
    }

    @Test
    public void aCommitTheBranchMovedOnFromIsFetchedById() throws Exception {
        Path ws = checkout(first, "main");

        assertEquals("v1\n", Files.readString(ws.resolve("version.txt")));
        assertEquals(first, git(ws, "rev-parse", "HEAD"));
        assertEquals(url, git(ws, "remote", "get-url", "origin"));
        assertEquals("on its branch, at the build's commit", "main", git(ws, "symbolic-ref", "--short", "HEAD"));
        assertTrue(log.toString(), log.contains("the branch main has moved on since " + first + "; fetching that commit"));
        assertTrue(log.toString(), log.contains("$ git fetch --depth 1 origin " + first));
        assertTrue(log.toString(), log.contains("$ git checkout -B main " + first));
    }

    @Test
    public void aBranchThatIsGoneStillGetsItsCommit() throws Exception {
        Path ws = checkout(tip, "deleted-since-the-push");

        assertEquals(tip, git(ws, "rev-parse", "HEAD"));
        assertEquals("deleted-since-the-push", git(ws, "symbolic-ref", "--short", "HEAD"));
        assertTrue(log.toString(), log.contains("$ git fetch --depth 1 origin " + tip));
    }

    @Test
    public void aBuildWithoutABranchIsDetachedAtItsCommit() throws Exception {
        Path ws = checkout(first, null);

        assertEquals(first, git(ws, "rev-parse", "HEAD"));
        assertEquals("HEAD", git(ws, "rev-parse", "--abbrev-ref", "HEAD"));
        assertTrue(log.toString(), log.contains("$ git checkout --detach " + first));
    }

    @Test
    public void aRepositoryThatIsNotThereFailsWithGitsReason() throws Exception {
        url = "file://" + tmp.getRoot().toPath().resolve("no-such-repository");
        try {
            checkout(tip, "main");
            fail("cloned a repository that does not exist");
        } catch (BuildError e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("clone failed: "));
            assertTrue(e.getMessage(), e.getMessage().contains("does not appear to be a git repository"));
        }
        assertFalse("failed at once, without a second try: " + log,
                log.stream().anyMatch(l -> l.startsWith("$ git fetch")));
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(String.join(" ", cmd) + ": " + out, 0, p.waitFor());
        return out;
    }
}

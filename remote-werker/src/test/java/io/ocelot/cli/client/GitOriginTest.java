package io.ocelot.cli.client;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.File;
import java.util.Optional;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

public class GitOriginTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void bitbucketCloneUrlsNameTheRepository() {
        assertEquals(Optional.of("PROJ/app"), GitOrigin.repository("https://bitbucket.example.com/scm/proj/app.git"));
        assertEquals(Optional.of("PROJ/app"), GitOrigin.repository("https://u@bb.example.com/bitbucket/scm/PROJ/app.git"));
        assertEquals(Optional.of("PROJ/my.repo-2"), GitOrigin.repository("ssh://git@bb.example.com:7999/proj/my.repo-2.git"));
        assertEquals(Optional.of("PROJ/app"), GitOrigin.repository("git@bb.example.com:PROJ/app.git"));
        assertEquals(Optional.of("~alice/dotfiles"), GitOrigin.repository("ssh://git@bb:7999/~ALICE/dotfiles.git"));
        assertEquals(Optional.of("PROJ/app"), GitOrigin.repository("https://bb/scm/proj/app"));
        assertEquals(Optional.empty(), GitOrigin.repository("not a url"));
    }

    @Test
    public void aRealCheckoutGivesItsOriginAndHead() throws Exception {
        File dir = tmp.newFolder("work");
        run(dir, "git", "init", "-q");
        run(dir, "git", "remote", "add", "origin", "ssh://git@bb.example.com:7999/proj/app.git");
        run(dir, "git", "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-q", "--allow-empty", "-m", "x");
        assertEquals(Optional.of("PROJ/app"), GitOrigin.originRepository(dir));
        assertTrue(GitOrigin.head(dir).orElseThrow().matches("[0-9a-f]{40}"));
        assertEquals(Optional.empty(), GitOrigin.originRepository(tmp.newFolder("plain")));
    }

    private static void run(File dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir).inheritIO().start();
        assertEquals(String.join(" ", cmd), 0, p.waitFor());
    }
}

package io.ocelot.plugin.testkit;

import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.WerkerView;
import io.ocelot.core.build.StageStatus;
import io.ocelot.plugin.ui.RepoPermission;
import io.ocelot.plugin.ui.RepositoryName;

import java.util.List;

/**
 * The world most tests start from. PROJ/app is tracked (build group "web"), PROJ/quiet is not (it was once: build 3).
 * Users and their tokens: reader/writer/repoadmin hold that level on both repositories, stranger is signed in with no
 * grant, admin is a global admin, lead is PROJ's project admin.
 */
public final class UiFixture {
    public static final RepositoryName APP = new RepositoryName("PROJ", "app");
    public static final RepositoryName QUIET = new RepositoryName("PROJ", "quiet");
    public static final String HEAD = "aaaa1111bbbb2222cccc3333dddd4444eeee5555";
    public static final String OLD = "aaaa9999bbbb2222cccc3333dddd4444eeee5555";
    public static final String QUIET_COMMIT = "feed1111bbbb2222cccc3333dddd4444eeee5555";
    /** build ids */
    public static final long PASSED = 1, RUNNING = 2, UNTRACKED = 3;

    private UiFixture() {
    }

    public static InMemoryUserPermissions users() {
        InMemoryUserPermissions p = new InMemoryUserPermissions()
                .user("stranger", "t-stranger").user("reader", "t-reader").user("writer", "t-writer")
                .user("repoadmin", "t-repoadmin").user("admin", "t-admin").user("lead", "t-lead");
        for (RepositoryName r : List.of(APP, QUIET)) {
            p.grant("reader", r, RepoPermission.REPO_READ).grant("writer", r, RepoPermission.REPO_WRITE)
                    .grant("repoadmin", r, RepoPermission.REPO_ADMIN);
        }
        return p.admin("admin").projectAdmin("lead", "PROJ");
    }

    public static void seed(InMemoryOcelot o) {
        o.reset();
        o.repository(APP, true).group(APP, "web").repository(QUIET, true);
        o.commit(APP, "main", HEAD, "Make the build faster").commit(APP, "feature/x", OLD, "WIP [skip ci]");
        o.commit(QUIET, "main", QUIET_COMMIT, "Quiet work");
        long passed = o.addBuild(APP, "main", OLD, "Old work", "PUSH", "alice", "web");
        o.start(passed, "werker-1", List.of("build", "test"));
        o.log(passed, 0, "STDOUT", "compiling\n");
        o.log(passed, 1, "STDERR", "\u001b[31mwarning\u001b[0m: slow test\n");
        o.stage(passed, 0, StageStatus.PASSED, 0, 1200L, "exit code 0");
        o.stage(passed, 1, StageStatus.PASSED, 0, 3400L, "exit code 0");
        o.clock += 5_000;
        o.finish(passed, ApiBuildState.PASSED, null);
        long running = o.addBuild(APP, "main", HEAD, "Make the build faster", "PUSH", "bob", "web");
        o.start(running, "werker-1", List.of("build"));
        o.log(running, 0, "STDOUT", "working\n");
        long untracked = o.addBuild(QUIET, "main", QUIET_COMMIT, "Quiet work", "PUSH", "carol", null);
        o.finish(untracked, ApiBuildState.FAILED, "exit code 1");
        o.repository(QUIET, false);
        o.werker(new WerkerView(1, "werker-1", List.of("linux", "docker"), "ONLINE", 2, 1, o.clock, "0.1.0"));
        if (passed != PASSED || running != RUNNING || untracked != UNTRACKED) {
            throw new IllegalStateException("fixture ids moved");
        }
    }
}

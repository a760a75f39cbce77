package io.ocelot.plugin.ui.contract;

import io.ocelot.core.api.BuildDetail;
import io.ocelot.core.api.ApiBuildState;
import io.ocelot.core.api.BuildSummary;
import io.ocelot.core.api.TriggerResponse;
import io.ocelot.core.plan.TriggerKind;
import io.ocelot.plugin.ui.BuildCommands;
import io.ocelot.plugin.ui.BuildFilter;
import io.ocelot.plugin.ui.BuildReadModel;
import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsView;
import io.ocelot.plugin.ui.UserFacingException;
import org.junit.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static io.ocelot.plugin.ui.contract.Refusals.refused;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

/**
 * {@link BuildCommands} and {@link BuildReadModel} together (a build read is one a command made): what the build
 * pages, the user API and the {@code ocelot} CLI rely on, on every world.
 */
public class BuildPortsContractTest extends UiPortsContract {
    private final BuildCommands commands;
    private final BuildReadModel reads;
    private final RepositoryName app;

    public BuildPortsContractTest(String name, Supplier<UiWorld> world) {
        super(name, world);
        this.commands = this.world.commands();
        this.reads = this.world.readModel();
        this.app = this.world.repository("PROJ", "app");
        this.world.settings().save(app, new RepositorySettingsView.Change(true, List.of(), false, true, false, "backend",
                Map.of(), Set.of(), Map.of()), "admin");
    }

    private long manual(String branch, String user) {
        TriggerResponse r = commands.trigger(app, null, branch, false, TriggerKind.MANUAL, user);
        assertNotNull(r.reason(), r.buildId());
        return r.buildId();
    }

    private List<Long> ids(List<BuildSummary> list) {
        return list.stream().map(BuildSummary::id).toList();
    }

    @Test
    public void aTriggerOfABranchQueuesAManualBuildOfItsHead() {
        world.commit(app, "main", "First");
        String head = world.commit(app, "main", "Second");
        TriggerResponse r = commands.trigger(app, null, "main", false, TriggerKind.MANUAL, "alice");
        assertNull(r.reason());
        assertEquals(head, r.commit());
        assertEquals("main", r.branch());
        BuildSummary b = reads.build(r.buildId()).orElseThrow().build();
        assertEquals(ApiBuildState.QUEUED, b.state());
        assertEquals(List.of("PROJ", "app", "main", head), List.of(b.projectKey(), b.repositorySlug(), b.branch(),
                b.commit()));
        assertEquals("MANUAL", b.trigger());
        assertEquals("alice", b.triggeredBy());
        assertEquals("the repository's build group when it was queued", "backend", b.group());
        assertNull(b.startedAt());
        assertNull(b.werker());
    }

    @Test
    public void noBranchMeansTheDefaultBranchAndACommitPrefixIsResolvedToTheFullHash() {
        String first = world.commit(app, "main", "First");
        String head = world.commit(app, "main", "Second");
        assertEquals(head, commands.trigger(app, null, null, false, TriggerKind.CLI, "alice").commit());
        TriggerResponse byPrefix = commands.trigger(app, first.substring(0, 12), null, false, TriggerKind.CLI, "alice");
        assertEquals(first, byPrefix.commit());
        assertNull("no branch has it as its head", byPrefix.branch());
        assertEquals("CLI", reads.build(byPrefix.buildId()).orElseThrow().build().trigger());
    }

    @Test
    public void anUnknownBranchCommitOrRepositoryIsNotFound() {
        world.commit(app, "main", "First");
        refused(UserFacingException.Kind.NOT_FOUND,
                () -> commands.trigger(app, null, "nope", false, TriggerKind.MANUAL, "alice"));
        refused(UserFacingException.Kind.NOT_FOUND,
                () -> commands.trigger(app, "deadbeefdeadbeef", null, false, TriggerKind.MANUAL, "alice"));
        refused(UserFacingException.Kind.NOT_FOUND, () -> commands.trigger(new RepositoryName("NOPE", "nothing"), null,
                "main", false, TriggerKind.MANUAL, "alice"));
        assertEquals(List.of(), reads.recentBuilds(List.of(app), BuildFilter.NONE, 10));
    }

    @Test
    public void onlyAPersonTriggersThroughThePort() {
        world.commit(app, "main", "First");
        assertThrows(IllegalArgumentException.class,
                () -> commands.trigger(app, null, "main", false, TriggerKind.PUSH, "alice"));
    }

    @Test
    public void skipCiIsAnsweredWithAReasonAndNoBuildUnlessForced() {
        String head = world.commit(app, "main", "Docs only [skip ci]");
        TriggerResponse skipped = commands.trigger(app, null, "main", false, TriggerKind.MANUAL, "alice");
        assertNull(skipped.buildId());
        assertEquals(head, skipped.commit());
        assertTrue(skipped.reason(), skipped.reason().contains("[skip ci]"));
        assertEquals(List.of(), reads.recentBuilds(List.of(app), BuildFilter.NONE, 10));
        TriggerResponse forced = commands.trigger(app, null, "main", true, TriggerKind.MANUAL, "alice");
        assertNotNull(forced.buildId());
        assertNull(forced.reason());
    }

    @Test
    public void recentBuildsAreNewestFirstFilteredByBranchAndStateAndLimited() {
        world.commit(app, "main", "On main");
        world.commit(app, "feature", "On feature");
        RepositoryName other = world.repository("PROJ", "other");
        world.settings().save(other, new RepositorySettingsView.Change(true, List.of(), false, true, false, null, Map.of(),
                Set.of(), Map.of()), "admin");
        world.commit(other, "main", "Elsewhere");
        long b1 = manual("main", "alice");
        long b2 = manual("feature", "alice");
        long b3 = manual("main", "alice");
        long elsewhere = commands.trigger(other, null, "main", false, TriggerKind.MANUAL, "alice").buildId();
        commands.kill(b1, "bob");

        assertEquals(List.of(b3, b2, b1), ids(reads.recentBuilds(List.of(app), BuildFilter.NONE, 10)));
        assertEquals(List.of(b3, b1), ids(reads.recentBuilds(List.of(app), new BuildFilter("main", null, null), 10)));
        assertEquals(List.of(b3, b2),
                ids(reads.recentBuilds(List.of(app), new BuildFilter(null, ApiBuildState.QUEUED, null), 10)));
        assertEquals(List.of(b1),
                ids(reads.recentBuilds(List.of(app), new BuildFilter(null, ApiBuildState.CANCELLED, null), 10)));
        assertEquals(List.of(b3, b2), ids(reads.recentBuilds(List.of(app), BuildFilter.NONE, 2)));
        assertEquals(List.of(b3, b2, b1),
                ids(reads.recentBuilds(List.of(app), new BuildFilter(null, null, "backend"), 10)));
        assertEquals(List.of(elsewhere, b3, b2, b1),
                ids(reads.recentBuilds(List.of(app, other), BuildFilter.NONE, 10)));
        assertEquals(List.of(), reads.recentBuilds(List.of(new RepositoryName("NOPE", "nothing")), BuildFilter.NONE, 10));
    }

    @Test
    public void buildsOfACommitAreFoundByAPrefixOfItsHashNewestFirst() {
        String head = world.commit(app, "main", "First");
        long b1 = manual("main", "alice");
        long b2 = manual("main", "alice");
        assertEquals(List.of(b2, b1), ids(reads.buildsByCommitPrefix(head.substring(0, 8), 10)));
        assertEquals(List.of(b2), ids(reads.buildsByCommitPrefix(head, 1)));
        assertEquals(List.of(), reads.buildsByCommitPrefix(head.startsWith("0") ? "1111" : "0000", 10));
    }

    @Test
    public void anUnknownBuildHasNoDetailAndNoLog() {
        assertEquals(Optional.empty(), reads.build(4242));
        refused(UserFacingException.Kind.NOT_FOUND, () -> reads.log(4242, 0, 1024));
    }

    @Test
    public void aQueuedBuildHasAnEmptyLogThatEndsWhenItIsCancelled() {
        world.commit(app, "main", "First");
        long id = manual("main", "alice");
        BuildReadModel.LogSlice queued = reads.log(id, 0, 1024);
        assertEquals(List.of(), queued.chunks());
        assertEquals(0, queued.length());
        assertFalse(queued.finished());
        BuildDetail d = reads.build(id).orElseThrow();
        assertEquals(0, d.logLength());
        assertEquals(List.of(), d.notifications());

        commands.kill(id, "bob");
        assertTrue("no more log will come", reads.log(id, 0, 1024).finished());
    }

    @Test
    public void killCancelsAQueuedBuildOnceAndSaysWho() {
        world.commit(app, "main", "First");
        long id = manual("main", "alice");
        BuildSummary killed = commands.kill(id, "bob");
        assertEquals(id, killed.id());
        assertEquals(ApiBuildState.CANCELLED, killed.state());
        assertNotNull(killed.finishedAt());
        BuildDetail d = reads.build(id).orElseThrow();
        assertEquals(ApiBuildState.CANCELLED, d.build().state());
        assertTrue(d.message(), d.message().contains("bob"));
        refused(UserFacingException.Kind.CONFLICT, () -> commands.kill(id, "bob"));
        refused(UserFacingException.Kind.NOT_FOUND, () -> commands.kill(4242, "bob"));
    }

    @Test
    public void aRebuildIsANewManualBuildOfTheSameCommitAndBranchByWhoAsked() {
        String head = world.commit(app, "main", "First");
        TriggerResponse first = commands.trigger(app, null, "main", false, TriggerKind.CLI, "alice");
        commands.kill(first.buildId(), "alice");
        TriggerResponse again = commands.rebuild(first.buildId(), "bob");
        assertNotEquals(first.buildId(), again.buildId());
        assertEquals(head, again.commit());
        assertEquals("main", again.branch());
        BuildSummary b = reads.build(again.buildId()).orElseThrow().build();
        assertEquals(ApiBuildState.QUEUED, b.state());
        assertEquals(List.of("main", head, "MANUAL", "bob"), List.of(b.branch(), b.commit(), b.trigger(),
                b.triggeredBy()));
        refused(UserFacingException.Kind.NOT_FOUND, () -> commands.rebuild(4242, "bob"));
    }
}

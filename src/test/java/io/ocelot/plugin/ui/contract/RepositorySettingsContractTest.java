package io.ocelot.plugin.ui.contract;

import io.ocelot.plugin.ui.RepositoryName;
import io.ocelot.plugin.ui.RepositorySettingsView;
import io.ocelot.plugin.ui.RepositorySettingsService;
import io.ocelot.plugin.ui.UserFacingException;
import org.junit.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static io.ocelot.plugin.ui.contract.Refusals.refused;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** {@link RepositorySettingsService}: what the settings page and the settings API rely on, on every world. */
public class RepositorySettingsContractTest extends UiPortsContract {
    private final RepositorySettingsService settings;

    public RepositorySettingsContractTest(String name, Supplier<UiWorld> world) {
        super(name, world);
        this.settings = this.world.settings();
    }

    private static RepositorySettingsView.Change change(boolean enabled, Map<String, String> set, Set<String> remove,
                                                    Map<String, URI> webhooks) {
        return new RepositorySettingsView.Change(enabled, List.of("docker", "linux"), true, false, true, "backend", set,
                remove, webhooks);
    }

    @Test
    public void aRepositoryNeverConfiguredHasTheDefaults() {
        RepositoryName app = world.repository("PROJ", "app");
        assertEquals(RepositorySettingsView.defaults(), settings.get(app));
        assertEquals(RepositorySettingsView.defaults(), settings.get(new RepositoryName("NOPE", "nothing")));
    }

    @Test
    public void saveAnswersWhatGetThenReadsWithSecretNamesButNoValues() {
        RepositoryName app = world.repository("PROJ", "app");
        RepositorySettingsView saved = settings.save(app, change(true, Map.of("TOKEN", "s3cret-value", "API_KEY", "k-42"),
                Set.of(), Map.of("team", URI.create("https://hooks.example.com/services/T1"))), "alice");
        assertEquals(saved, settings.get(app));
        assertEquals(new RepositorySettingsView(true, List.of("docker", "linux"), true, false, true, "backend",
                new java.util.TreeSet<>(Set.of("API_KEY", "TOKEN")),
                Map.of("team", URI.create("https://hooks.example.com/services/T1"))), saved);
        assertFalse("no secret value in the view", saved.toString().contains("s3cret-value"));
    }

    @Test
    public void secretsAreSetAndRemovedByNameAndTheOthersKept() {
        RepositoryName app = world.repository("PROJ", "app");
        settings.save(app, change(true, Map.of("TOKEN", "one", "API_KEY", "two"), Set.of(), Map.of()), "alice");
        RepositorySettingsView after = settings.save(app, change(false, Map.of("NEW", "three"), Set.of("API_KEY"),
                Map.of()), "bob");
        assertEquals(Set.of("NEW", "TOKEN"), after.secretNames());
        assertFalse(after.enabled());
        assertEquals(after, settings.get(app));
    }

    @Test
    public void savingARepositoryBitbucketDoesNotKnowIsNotFoundAndSavesNothing() {
        RepositoryName ghost = new RepositoryName("NOPE", "nothing");
        refused(UserFacingException.Kind.NOT_FOUND,
                () -> settings.save(ghost, change(true, Map.of("TOKEN", "x"), Set.of(), Map.of()), "alice"));
        assertEquals(RepositorySettingsView.defaults(), settings.get(ghost));
        assertEquals(List.of(), settings.trackedRepositories());
    }

    @Test
    public void trackedRepositoriesAreTheOnesWithOcelotOn() {
        RepositoryName on = world.repository("PROJ", "on");
        RepositoryName off = world.repository("PROJ", "off");
        world.repository("PROJ", "never");
        settings.save(on, change(true, Map.of(), Set.of(), Map.of()), "alice");
        settings.save(off, change(false, Map.of(), Set.of(), Map.of()), "alice");
        assertEquals(List.of(on), settings.trackedRepositories());
        settings.save(on, change(false, Map.of(), Set.of(), Map.of()), "alice");
        assertEquals(List.of(), settings.trackedRepositories());
    }

    @Test
    public void autoEnableIsOffGloballyUntilSetAndAProjectFollowsItUntilItChooses() {
        assertFalse(settings.autoEnableGlobal());
        assertEquals(Optional.empty(), settings.autoEnableForProject("PROJ"));
        settings.setAutoEnableGlobal(true, "admin");
        assertTrue(settings.autoEnableGlobal());
        settings.setAutoEnableForProject("PROJ", Optional.of(false), "lead");
        assertEquals(Optional.of(false), settings.autoEnableForProject("PROJ"));
        assertEquals("another project still follows the default", Optional.empty(),
                settings.autoEnableForProject("OTHER"));
        assertTrue("a project's choice leaves the global default alone", settings.autoEnableGlobal());
        settings.setAutoEnableForProject("PROJ", Optional.empty(), "lead");
        assertEquals(Optional.empty(), settings.autoEnableForProject("PROJ"));
    }
}

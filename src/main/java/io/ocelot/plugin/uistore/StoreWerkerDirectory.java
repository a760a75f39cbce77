package io.ocelot.plugin.uistore;

import io.ocelot.core.api.WerkerView;
import io.ocelot.core.protocol.Protocol;
import io.ocelot.plugin.build.Werker;
import io.ocelot.plugin.store.BuildStore;
import io.ocelot.plugin.store.WerkerStore;
import io.ocelot.plugin.ui.WerkerDirectory;

import javax.inject.Inject;
import javax.inject.Named;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * {@link WerkerDirectory} from the werker registry: DISABLED when revoked; ONLINE or BUSY (all slots taken) when it
 * polled or heartbeated within two poll holds (a polling werker touches its row at least that often); else OFFLINE.
 */
@Named
public class StoreWerkerDirectory implements WerkerDirectory {
    static final long ONLINE_WITHIN_MILLIS = 2L * Protocol.POLL_HOLD_SECONDS * 1000 + 5_000;
    private static final List<String> ORDER = List.of("BUSY", "ONLINE", "OFFLINE", "DISABLED");
    private final WerkerStore werkers;
    private final BuildStore builds;
    private final Clock clock;

    @Inject
    public StoreWerkerDirectory(WerkerStore werkers, BuildStore builds, Clock clock) {
        this.werkers = werkers;
        this.builds = builds;
        this.clock = clock;
    }

    @Override
    public List<WerkerView> werkers() {
        long now = clock.millis();
        return werkers.all().stream().map(w -> view(w, now))
                .sorted(Comparator.comparing((WerkerView v) -> ORDER.indexOf(v.state())).thenComparing(WerkerView::name))
                .toList();
    }

    private WerkerView view(Werker w, long now) {
        int running = builds.runningOn(w.id());
        String state = w.revoked() ? "DISABLED"
                : now - w.lastSeenAt() > ONLINE_WITHIN_MILLIS ? "OFFLINE"
                : running >= w.maxBuilds() ? "BUSY" : "ONLINE";
        return new WerkerView(w.id(), w.name(), w.labels(), state, w.maxBuilds(), running, w.lastSeenAt(), w.version());
    }
}

package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.werker.Werker;
import net.java.ao.Query;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Registered werkers. Tokens are looked up by their hash; the clear token is never stored. */
@Named
public class WerkerStore {
    private final ActiveObjects ao;

    @Inject
    public WerkerStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    public Werker create(String name, List<String> labels, int maxBuilds, String version, String tokenHash, long now) {
        WerkerEntity w = ao.create(WerkerEntity.class, Map.of("TOKEN_HASH", tokenHash));
        w.setName(name);
        w.setLabels(String.join(",", labels));
        w.setMaxBuilds(maxBuilds);
        w.setWerkerVersion(version);
        w.setRegisteredAt(now);
        w.setLastSeenAt(now);
        w.save();
        return toWerker(w);
    }

    public Optional<Werker> byTokenHash(String tokenHash) {
        WerkerEntity[] found = ao.find(WerkerEntity.class, "TOKEN_HASH = ?", tokenHash);
        return found.length == 0 ? Optional.empty() : Optional.of(toWerker(found[0]));
    }

    public Optional<Werker> find(long id) {
        WerkerEntity[] found = ao.find(WerkerEntity.class, "ID = ?", (int) id);
        return found.length == 0 ? Optional.empty() : Optional.of(toWerker(found[0]));
    }

    public List<Werker> all() {
        return Arrays.stream(ao.find(WerkerEntity.class, Query.select().order("ID ASC"))).map(WerkerStore::toWerker).toList();
    }

    public void touch(long id, long now) {
        WerkerEntity w = ao.get(WerkerEntity.class, (int) id);
        w.setLastSeenAt(now);
        w.save();
    }

    /** Revokes the werker: its token stops working at once. False when there is no such werker. */
    public boolean revoke(long id) {
        WerkerEntity[] found = ao.find(WerkerEntity.class, "ID = ?", (int) id);
        if (found.length == 0) {
            return false;
        }
        WerkerEntity w = found[0];
        w.setRevoked(true);
        w.save();
        return true;
    }

    private static Werker toWerker(WerkerEntity w) {
        List<String> labels = w.getLabels() == null || w.getLabels().isEmpty() ? List.of()
                : List.of(w.getLabels().split(","));
        return new Werker(w.getID(), w.getName(), labels, w.getMaxBuilds(), w.getWerkerVersion(),
                w.getRegisteredAt(), w.getLastSeenAt(), w.isRevoked());
    }
}

package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import io.ocelot.plugin.build.Werker;
import net.java.ao.Query;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Arrays;
import java.util.HashMap;
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

    /** One INSERT with every field, so a value the database refuses leaves no half-written row behind. */
    public Werker create(String name, List<String> labels, int maxBuilds, String version, String tokenHash, long now) {
        Map<String, Object> row = new HashMap<>();
        row.put("TOKEN_HASH", tokenHash);
        row.put("NAME", name);
        row.put("LABELS", String.join(",", labels));
        row.put("MAX_BUILDS", maxBuilds);
        if (version != null) {
            row.put("WERKER_VERSION", version);
        }
        row.put("REGISTERED_AT", now);
        row.put("LAST_SEEN_AT", now);
        return toWerker(ao.create(WerkerEntity.class, row));
    }

    public Optional<Werker> byTokenHash(String tokenHash) {
        WerkerEntity[] found = ao.find(WerkerEntity.class, "TOKEN_HASH = ?", tokenHash);
        return found.length == 0 ? Optional.empty() : Optional.of(toWerker(found[0]));
    }

    public Optional<Werker> find(long id) {
        if (!EntityIds.fits(id)) {
            return Optional.empty();
        }
        WerkerEntity[] found = ao.find(WerkerEntity.class, "ID = ?", (int) id);
        return found.length == 0 ? Optional.empty() : Optional.of(toWerker(found[0]));
    }

    public List<Werker> all() {
        return Arrays.stream(ao.find(WerkerEntity.class, Query.select().order("ID ASC"))).map(WerkerStore::toWerker).toList();
    }

    public void touch(long id, long now) {
        WerkerEntity w = ao.get(WerkerEntity.class, EntityIds.key(id));
        w.setLastSeenAt(now);
        w.save();
    }

    /** Revokes the werker: its token stops working at once. False when there is no such werker. */
    public boolean revoke(long id) {
        if (!EntityIds.fits(id)) {
            return false;
        }
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
        // A row written before names were checked may have none (a failed second write): show it, never fail on it.
        String name = w.getName() == null || w.getName().isBlank() ? "(unnamed werker " + w.getID() + ")" : w.getName();
        return new Werker(w.getID(), name, labels, w.getMaxBuilds(), w.getWerkerVersion(),
                w.getRegisteredAt(), w.getLastSeenAt(), w.isRevoked());
    }
}

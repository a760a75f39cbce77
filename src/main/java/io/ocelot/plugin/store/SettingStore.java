package io.ocelot.plugin.store;

import com.atlassian.activeobjects.external.ActiveObjects;
import com.atlassian.plugin.spring.scanner.annotation.imports.ComponentImport;
import net.java.ao.ActiveObjectsException;

import javax.inject.Inject;
import javax.inject.Named;
import java.util.Map;
import java.util.Optional;

/** Global key/value settings in AO (shared by every cluster node, unlike files in one node's home). */
@Named
public class SettingStore {
    private final ActiveObjects ao;

    @Inject
    public SettingStore(@ComponentImport ActiveObjects ao) {
        this.ao = ao;
    }

    public Optional<String> get(String key) {
        SettingEntity[] found = ao.find(SettingEntity.class, "SETTING_KEY = ?", key);
        return found.length == 0 ? Optional.empty() : Optional.ofNullable(found[0].getSettingValue());
    }

    public void put(String key, String value) {
        try {
            ao.executeInTransaction(() -> upsert(key, value));
        } catch (ActiveObjectsException e) {
            ao.executeInTransaction(() -> upsert(key, value)); // another node inserted the key first
        }
    }

    private Void upsert(String key, String value) {
        SettingEntity[] found = ao.find(SettingEntity.class, "SETTING_KEY = ?", key);
        SettingEntity s = found.length > 0 ? found[0] : ao.create(SettingEntity.class, Map.of("SETTING_KEY", key));
        s.setSettingValue(value);
        s.save();
        return null;
    }

    public void remove(String key) {
        ao.deleteWithSQL(SettingEntity.class, "SETTING_KEY = ?", key);
    }
}

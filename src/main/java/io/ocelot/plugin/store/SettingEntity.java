package io.ocelot.plugin.store;

import net.java.ao.Entity;
import net.java.ao.schema.NotNull;
import net.java.ao.schema.StringLength;
import net.java.ao.schema.Table;
import net.java.ao.schema.Unique;

/** Global key/value settings (registration secret hash, encrypted clone credential, log retention, ...). */
@Table("SETTING")
public interface SettingEntity extends Entity {
    @NotNull
    @Unique
    String getSettingKey();
    void setSettingKey(String key);

    @StringLength(StringLength.UNLIMITED)
    String getSettingValue();
    void setSettingValue(String value);
}

package io.ocelot.plugin.store;

import net.java.ao.RawEntity;

import java.util.List;

/** Every AO entity of the plugin, in the order atlassian-plugin.xml declares them. */
public final class OcelotEntities {
    @SuppressWarnings("unchecked")
    public static final List<Class<? extends RawEntity<?>>> ALL = List.of(
            BuildEntity.class, StageEntity.class, LogChunkEntity.class, WerkerEntity.class, RepoConfigEntity.class,
            QueueTicketEntity.class, LeaseEntity.class, SettingEntity.class, NotificationEntity.class,
            PendingTriggerEntity.class, ClusterClaimEntity.class,
            TestResultEntity.class, ArtifactEntity.class);

    private OcelotEntities() {
    }

    @SuppressWarnings("unchecked")
    public static Class<? extends RawEntity<?>>[] array() {
        return ALL.toArray(new Class[0]);
    }
}

package io.ocelot.plugin.ui;

import io.ocelot.core.api.WerkerView;

import java.util.List;

/** The registered werkers, for admins. Implemented by the plugin core over its werker registry. */
public interface WerkerDirectory {
    /** Every werker known, online ones first, then by name. */
    List<WerkerView> werkers();
}

package io.ocelot.plugin.rest.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ocelot.core.Json;
import io.ocelot.core.api.SettingsView;
import io.ocelot.plugin.ui.UserFacingException;

import java.util.List;

/**
 * The body of {@code PUT .../settings} read as a partial update: a field the client left out keeps its current value,
 * so a script that sends {@code {"autoCancel": true}} does not switch the repository off (a record would read every
 * missing boolean as false). {@code secrets} and {@code removeSecrets} are changes, not state, and stay empty when
 * left out; left-out {@code notificationTargets} keep every stored target and its URL. A present field is taken as
 * sent; {@code null} for a switch is refused, for {@code buildGroup} clears it.
 */
final class SettingsPatch {
    private static final List<String> SWITCHES = List.of("enabled", "buildTags", "buildPullRequests", "autoCancel");

    private SettingsPatch() {
    }

    static SettingsView read(String body, SettingsView current) {
        if (body == null || body.isBlank()) {
            throw UserFacingException.badRequest("a JSON SettingsView body is required");
        }
        JsonNode sent = Json.read(body, JsonNode.class);
        if (!sent.isObject()) {
            throw UserFacingException.badRequest("the settings must be a JSON object, not " + sent.getNodeType().name().toLowerCase());
        }
        for (String name : SWITCHES) {
            if (sent.has(name) && !sent.get(name).isBoolean()) {
                throw UserFacingException.badRequest(name + ": true or false, not " + sent.get(name));
            }
        }
        ObjectNode merged = (ObjectNode) sent.deepCopy();
        ObjectNode now = Json.mapper().valueToTree(keepingTargets(current));
        now.fieldNames().forEachRemaining(name -> {
            if (!merged.has(name) && !name.equals("secrets") && !name.equals("removeSecrets")) {
                merged.set(name, now.get(name));
            }
        });
        if (!merged.has("buildGroup")) {
            merged.putNull("buildGroup");
        }
        return Json.read(merged.toString(), SettingsView.class);
    }

    /** The current targets as a PUT would keep them: by identifier, the stored URL untouched. */
    private static SettingsView keepingTargets(SettingsView v) {
        return new SettingsView(v.enabled(), v.werkerLabels(), v.buildTags(), v.buildPullRequests(), v.autoCancel(),
                v.buildGroup(), v.secretNames(), null, null,
                v.notificationTargets().stream().map(t -> new SettingsView.Target(t.identifier(), null, null)).toList());
    }
}

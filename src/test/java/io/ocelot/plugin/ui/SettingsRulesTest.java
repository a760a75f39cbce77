package io.ocelot.plugin.ui;

import io.ocelot.core.api.SettingsView;
import org.junit.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The settings door refuses what the store could not keep, with a message naming the field. */
public class SettingsRulesTest {
    private static SettingsView withLabels(List<String> labels) {
        return new SettingsView(true, labels, false, true, false, null, null, Map.of(), null, null);
    }

    @Test
    public void labelsThatDoNotFitTheirColumnTogetherAreRefusedAtTheDoor() {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            labels.add(("label" + i + "-").repeat(10).substring(0, 60)); // each valid (≤ 64), 5 × 61 > 255 together
        }
        try {
            SettingsRules.toChange(withLabels(labels), RepositorySettingsView.defaults());
            fail("five 60-character labels accepted");
        } catch (UserFacingException e) {
            assertEquals(UserFacingException.Kind.BAD_REQUEST, e.kind());
            assertTrue(e.getMessage(), e.getMessage().contains("werker labels") && e.getMessage().contains("255"));
        }
        // four of them fit (4 × 60 + 3 spaces = 243)
        SettingsRules.toChange(withLabels(labels.subList(0, 4)), RepositorySettingsView.defaults());
    }
}

package io.ocelot.plugin.artifact;

import org.junit.Test;

import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** What may name an artifact: relative paths inside the workspace only, each refusal saying why. */
public class ArtifactPathTest {
    @Test
    public void relativePathsInsideTheWorkspacePass() {
        for (String ok : List.of("app.jar", "target/app-1.0.jar", "reports/junit/TEST-a b.xml", "ü/ß.txt", ".hidden",
                "a..b/c")) {
            assertEquals(ok, ArtifactPath.check(ok));
        }
    }

    @Test
    public void everyWayOutOfTheWorkspaceIsRefusedSayingWhy() {
        refused("../etc/passwd", "'..' segment");
        refused("a/../../b", "'..' segment");
        refused("a/./b", "'.' segment");
        refused("/etc/passwd", "absolute");
        refused("..\\..\\windows", "backslash");
        refused("a\\b", "backslash");
        refused("C:/x", "drive letter");
        refused("a//b", "empty folder name");
        refused("a/", "empty folder name");
        refused("a\nb", "control character");
        refused("x".repeat(451), "longer than 450");
        refused("", "missing");
        refused(null, "missing");
    }

    @Test
    public void aDownloadIsAnAttachmentNamedAfterTheFile() {
        assertEquals("attachment; filename=\"app.jar\"; filename*=UTF-8''app.jar", ArtifactPath.attachment("target/app.jar"));
        String quoted = ArtifactPath.attachment("d/r\u00e9sum\u00e9 \"x\".txt");
        assertTrue(quoted, quoted.startsWith("attachment; filename=\"r_sum_ _x_.txt\"; filename*=UTF-8''"));
        assertTrue(ArtifactPath.attachment("d/r\u00e9sum\u00e9.txt").endsWith("filename*=UTF-8''r%C3%A9sum%C3%A9.txt"));
    }

    private static void refused(String path, String why) {
        try {
            ArtifactPath.check(path);
            fail("accepted " + path);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(why));
        }
    }
}

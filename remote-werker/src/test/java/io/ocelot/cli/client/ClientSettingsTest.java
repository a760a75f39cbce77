package io.ocelot.cli.client;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

public class ClientSettingsTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void flagsThenEnvironmentThenConfigFile() throws Exception {
        Path config = tmp.newFolder("xdg").toPath().resolve("ocelot/config.properties");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "server=https://file.example.com\ntoken=file-token\n");
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", config.getParent().getParent().toString());
        assertEquals(new ClientSettings("https://file.example.com", "file-token"), ClientSettings.resolve(null, null, null, env));

        Map<String, String> withEnv = Map.of("XDG_CONFIG_HOME", config.getParent().getParent().toString(),
                "OCELOT_URL", "https://env.example.com", "OCELOT_TOKEN", "env-token");
        assertEquals(new ClientSettings("https://env.example.com", "env-token"), ClientSettings.resolve(null, null, null, withEnv));

        Path tokenFile = tmp.newFile("token").toPath();
        Files.writeString(tokenFile, "from-file\n");
        assertEquals(new ClientSettings("https://flag", "from-file"), ClientSettings.resolve("https://flag", "flag-token", tokenFile, withEnv));
        assertEquals(new ClientSettings("https://flag", "flag-token"), ClientSettings.resolve("https://flag", "flag-token", null, withEnv));
        assertEquals(Path.of("/etc/o.properties"), ClientSettings.configFile(Map.of("OCELOT_CONFIG", "/etc/o.properties")));
    }

    @Test
    public void theTokenIsNeverPrinted() {
        assertFalse(new ClientSettings("https://x", "s3cret").toString().contains("s3cret"));
    }
}

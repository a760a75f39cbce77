package io.ocelot.cli.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the user commands find the server and the token, first found wins: the flags ({@code --server},
 * {@code --token-file}, {@code --token}), the environment ({@code OCELOT_SERVER} — the werker's name for it — or its
 * older alias {@code OCELOT_URL}; {@code OCELOT_TOKEN}), then the
 * config file ({@code $OCELOT_CONFIG}, else {@code $XDG_CONFIG_HOME/ocelot/config.properties}, else
 * {@code ~/.config/ocelot/config.properties}) with keys {@code server} and {@code token}.
 */
public record ClientSettings(String server, String token) {
    /** The same variable the werker reads ({@code ocelot werker start}). */
    public static final String SERVER_ENV = "OCELOT_SERVER";
    /** The name user commands read first; still honoured. */
    public static final String SERVER_ENV_ALIAS = "OCELOT_URL";

    public static ClientSettings resolve(String flagServer, String flagToken, Path flagTokenFile, Map<String, String> env)
            throws IOException {
        Properties file = new Properties();
        Path config = configFile(env);
        if (Files.isRegularFile(config)) {
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                file.load(r);
            }
        }
        String server = first(flagServer, env.get(SERVER_ENV), env.get(SERVER_ENV_ALIAS), file.getProperty("server"));
        String fromFile = flagTokenFile == null ? null : Files.readString(flagTokenFile, StandardCharsets.UTF_8).trim();
        String token = first(fromFile, flagToken, env.get("OCELOT_TOKEN"), file.getProperty("token"));
        return new ClientSettings(server, token);
    }

    public static Path configFile(Map<String, String> env) {
        if (notBlank(env.get("OCELOT_CONFIG"))) {
            return Path.of(env.get("OCELOT_CONFIG"));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = notBlank(xdg) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("ocelot").resolve("config.properties");
    }

    private static String first(String... values) {
        for (String v : values) {
            if (notBlank(v)) {
                return v.trim();
            }
        }
        return null;
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() { // never print the token
        return "ClientSettings[server=" + server + ", token=" + (token == null ? "none" : "****") + "]";
    }
}

package io.ocelot.werker;

import org.junit.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;

/**
 * Imports in the werker's sources run one way, down this list of layers: the CLI, the agent, its spool, its plugin
 * client, the engine's wiring, the workspace step and the executors, and the engine itself at the bottom. The engine
 * knows its steps only through its ports ({@code Executor}, {@code WorkspaceStep}). A class may use its own layer
 * and any layer below it, never one above (qualified names in code count as imports; comments do not).
 */
public class WerkerLayersTest {
    /** Package → its layer; a higher number may use a lower one. Sub-packages not listed belong to their parent. */
    private static final Map<String, Integer> LAYERS = Map.of(
            "io.ocelot.cli", 7,
            "io.ocelot.werker.agent", 6,
            "io.ocelot.werker.agent.spool", 5,
            "io.ocelot.werker.agent.client", 4,
            "io.ocelot.werker.wiring", 3,
            "io.ocelot.werker.workspace", 2,
            "io.ocelot.werker.engine.docker", 2,
            "io.ocelot.werker.engine.shell", 2,
            "io.ocelot.werker.engine", 1);
    private static final Pattern REFERENCE = Pattern.compile("\\b(io\\.ocelot\\.(?:werker|cli)(?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");

    private static Path sources() {
        return Path.of(System.getProperty("ocelot.repo.root", ".."), "remote-werker", "src", "main", "java");
    }

    private static int layer(String pkg) {
        String p = pkg;
        while (!LAYERS.containsKey(p)) {
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                throw new AssertionError("package " + pkg + " has no layer in " + WerkerLayersTest.class.getSimpleName());
            }
            p = p.substring(0, dot);
        }
        return LAYERS.get(p);
    }

    @Test
    public void importsRunDownTheLayersOnly() throws IOException {
        List<String> against = new ArrayList<>();
        int files = 0;
        try (Stream<Path> all = Files.walk(sources())) {
            for (Path f : all.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = sources().relativize(f.getParent()).toString().replace('/', '.');
                if (!rel.startsWith("io.ocelot.werker") && !rel.startsWith("io.ocelot.cli")) {
                    continue;
                }
                files++;
                String code = COMMENT.matcher(Files.readString(f)).replaceAll("");
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    String used = m.group(1);
                    if (layer(used) > layer(rel)) {
                        against.add(sources().relativize(f) + " uses " + used);
                    }
                }
            }
        }
        assertEquals("werker sources found", true, files > 50);
        assertEquals("imports against the layers", List.of(), against.stream().distinct().sorted().toList());
    }
}

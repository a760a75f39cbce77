package io.ocelot.core;

import org.junit.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * The rule that keeps the core reusable by the werker and testable without Bitbucket: nothing under
 * io/ocelot/core imports Atlassian, Active Objects, Docker, HTTP, servlet/JAX-RS or JDBC types, nor the plugin or
 * werker packages.
 */
public class CoreIsolationTest {
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> FORBIDDEN = List.of(
            "com.atlassian.", "net.java.ao.", "com.github.dockerjava.", "org.apache.hc.", "org.apache.http.",
            "javax.servlet.", "javax.ws.rs.", "jakarta.", "java.net.http.", "com.sun.net.httpserver.", "java.sql.",
            "io.ocelot.plugin.", "io.ocelot.werker.", "io.ocelot.cli.", "org.glassfish.", "org.eclipse.jetty.");

    @Test
    public void coreImportsNoEdgeLibrary() throws IOException {
        Path core = Paths.get(System.getProperty("ocelot.repo.root", "."), "src/main/java/io/ocelot/core");
        assertTrue("core sources not found at " + core.toAbsolutePath(), Files.isDirectory(core));
        List<String> violations = new ArrayList<>();
        int files;
        try (Stream<Path> s = Files.walk(core)) {
            List<Path> sources = s.filter(p -> p.toString().endsWith(".java")).toList();
            files = sources.size();
            for (Path p : sources) {
                Matcher m = IMPORT.matcher(Files.readString(p));
                while (m.find()) {
                    String imported = m.group(1);
                    for (String bad : FORBIDDEN) {
                        if (imported.startsWith(bad)) {
                            violations.add(core.relativize(p) + " imports " + imported);
                        }
                    }
                }
            }
        }
        assertTrue("expected the core to have sources", files > 5);
        assertEquals("the core must stay free of edge libraries", List.of(), violations);
    }
}

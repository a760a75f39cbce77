package io.ocelot.plugin.packaging;

import aQute.bnd.header.Attrs;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Analyzer;
import aQute.bnd.osgi.Clazz;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Descriptors.PackageRef;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Resource;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * A plugin jar that {@code mvn package} made (path from a failsafe system property, see pom.xml), read the way the
 * OSGi framework in Bitbucket reads it: bnd parses its manifest and analyses the bytecode of the jar and of the
 * libraries on its {@code Bundle-ClassPath}, giving the packages the code refers to and the ones the bundle holds.
 */
final class PluginJar implements AutoCloseable {
    /** Packages Bitbucket exports (the platform): a plugin imports them and must never carry a copy. */
    static final List<String> PLATFORM_PACKAGES = List.of("com/atlassian/", "com/fasterxml/jackson/", "org/slf4j/",
            "javax/", "jakarta/", "net/java/ao/", "org/springframework/", "io/atlassian/");

    final File file;
    final Jar jar;
    final Manifest manifest;
    private final Analyzer analyzer;

    private PluginJar(File file) throws Exception {
        this.file = file;
        this.jar = new Jar(file);
        this.manifest = jar.getManifest();
        assertNotNull(file + " has no manifest", manifest);
        this.analyzer = new Analyzer(jar);
        // analyse the embedded libraries too, as the framework loads them
        String bundleClassPath = header(Constants.BUNDLE_CLASSPATH);
        if (bundleClassPath != null) {
            analyzer.setProperty(Constants.BUNDLE_CLASSPATH, bundleClassPath);
        }
        analyzer.analyze();
    }

    static PluginJar open(String systemProperty) throws Exception {
        String path = System.getProperty(systemProperty);
        assertNotNull("system property " + systemProperty + " (set by failsafe in pom.xml)", path);
        File file = new File(path);
        assertTrue(file + " was not built by `mvn package`", file.isFile());
        return new PluginJar(file);
    }

    String header(String name) {
        return manifest.getMainAttributes().getValue(name);
    }

    /** Import-Package as the framework parses it: package name to its attributes (resolution, version). */
    Map<String, Attrs> imports() {
        String header = header(Constants.IMPORT_PACKAGE);
        Map<String, Attrs> out = new LinkedHashMap<>();
        if (header != null) {
            for (Map.Entry<String, Attrs> e : new Parameters(header).entrySet()) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    static boolean optional(Attrs attrs) {
        return "optional".equals(attrs.get(Constants.RESOLUTION_DIRECTIVE));
    }

    /** Packages the bytecode (the plugin's and its embedded libraries') refers to and the bundle does not hold. */
    Set<String> referredFromOutside() {
        Set<String> out = new TreeSet<>();
        for (PackageRef p : analyzer.getReferred().keySet()) {
            if (!p.isJava() && !analyzer.getContained().containsKey(p)) {
                out.add(p.getFQN());
            }
        }
        return out;
    }

    Set<String> contained() {
        Set<String> out = new TreeSet<>();
        analyzer.getContained().keySet().forEach(p -> out.add(p.getFQN()));
        return out;
    }

    /** Every class of the bundle (its own and its embedded libraries'), by name, with the packages it refers to. */
    Map<String, Set<String>> referencesByClass() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Clazz c : analyzer.getClassspace().values()) {
            Set<String> refs = new TreeSet<>();
            c.getReferred().forEach(p -> refs.add(p.getFQN()));
            out.put(c.getFQN(), refs);
        }
        return out;
    }

    /** The jars embedded in META-INF/lib/, by path in the bundle. */
    Map<String, Jar> embeddedJars() throws Exception {
        Map<String, Jar> out = new LinkedHashMap<>();
        for (Map.Entry<String, Resource> e : jar.getResources().entrySet()) {
            if (e.getKey().startsWith("META-INF/lib/") && e.getKey().endsWith(".jar")) {
                try (InputStream in = e.getValue().openInputStream()) {
                    out.put(e.getKey(), new Jar(e.getKey(), in));
                }
            }
        }
        return out;
    }

    /** Class files of a jar whose path starts with one of the prefixes. */
    static List<String> classesUnder(Jar jar, List<String> prefixes) {
        List<String> out = new ArrayList<>();
        for (String path : jar.getResources().keySet()) {
            if (path.endsWith(".class") && prefixes.stream().anyMatch(path::startsWith)) {
                out.add(path);
            }
        }
        return out;
    }

    Document descriptor() throws Exception {
        Resource r = jar.getResource("atlassian-plugin.xml");
        assertNotNull(file + " has no atlassian-plugin.xml", r);
        try (InputStream in = r.openInputStream()) {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    /** The embedded libraries written out, for a class loader. */
    List<Path> extractEmbeddedJars(Path dir) throws Exception {
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, Resource> e : jar.getResources().entrySet()) {
            if (e.getKey().startsWith("META-INF/lib/") && e.getKey().endsWith(".jar")) {
                Path target = dir.resolve(e.getKey().substring("META-INF/lib/".length()));
                try (InputStream in = e.getValue().openInputStream()) {
                    Files.copy(in, target);
                }
                out.add(target);
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            analyzer.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        jar.close();
    }
}

package io.ocelot.plugin.packaging;

import aQute.bnd.header.Attrs;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Resource;
import aQute.bnd.version.Version;
import aQute.bnd.version.VersionRange;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * The Bitbucket 10.x artifact (classifier bitbucket10, made by the Eclipse Transformer from the 9.x jar, see
 * pom.xml): Bitbucket 10 (Platform 8) has only the jakarta packages, so no class may refer to javax.servlet,
 * javax.ws.rs or javax.inject, the manifest must import their jakarta successors in versions Platform 8 exports, and
 * the classes must link against the Jakarta EE 10 APIs (jakarta.servlet-api 6.0, jakarta.ws.rs-api 3.1,
 * jakarta.inject-api 2.0, on failsafe's classpath only).
 */
public class Bitbucket10ArtifactIT {
    /** javax package prefix → the jakarta one that replaces it on Bitbucket 10, with a version Platform 8 exports. */
    private static final Map<String, String> RENAMED = Map.of(
            "javax.servlet", "jakarta.servlet", "javax.ws.rs", "jakarta.ws.rs", "javax.inject", "jakarta.inject");
    private static final Map<String, String> PLATFORM8_VERSION = Map.of(
            "jakarta.servlet", "6.0.0", "jakarta.ws.rs", "3.1.0", "jakarta.inject", "2.0.1");

    private static PluginJar bb9;
    private static PluginJar bb10;

    @BeforeClass
    public static void open() throws Exception {
        bb9 = PluginJar.open("ocelot.plugin.jar");
        bb10 = PluginJar.open("ocelot.plugin.jar.bitbucket10");
    }

    @AfterClass
    public static void close() {
        if (bb9 != null) {
            bb9.close();
        }
        if (bb10 != null) {
            bb10.close();
        }
    }

    private static String renamedPrefix(String pkg) {
        for (String javax : RENAMED.keySet()) {
            if (pkg.equals(javax) || pkg.startsWith(javax + ".")) {
                return javax;
            }
        }
        return null;
    }

    @Test
    public void noClassRefersToTheJavaxPackages() {
        Map<String, Set<String>> offenders = new LinkedHashMap<>();
        bb10.referencesByClass().forEach((cls, refs) -> refs.stream().filter(p -> renamedPrefix(p) != null)
                .forEach(p -> offenders.computeIfAbsent(cls, k -> new TreeSet<>()).add(p)));
        assertEquals("classes of the 10.x artifact referring to javax packages Bitbucket 10 lacks", Map.of(), offenders);
    }

    @Test
    public void noClassFileNamesTheJavaxPackagesEvenInAString() throws Exception {
        List<String> offenders = new ArrayList<>();
        scanClassFiles(bb10.jar, "", offenders);
        for (Map.Entry<String, Jar> e : bb10.embeddedJars().entrySet()) {
            try (Jar lib = e.getValue()) {
                scanClassFiles(lib, e.getKey() + "!/", offenders);
            }
        }
        assertEquals("class files whose constant pool names javax.servlet, javax.ws.rs or javax.inject",
                List.of(), offenders);
    }

    private static void scanClassFiles(Jar jar, String prefix, List<String> offenders) throws Exception {
        for (Map.Entry<String, Resource> e : jar.getResources().entrySet()) {
            if (!e.getKey().endsWith(".class")) {
                continue;
            }
            String text;
            try (InputStream in = e.getValue().openInputStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            for (String javax : RENAMED.keySet()) {
                if (text.contains(javax) || text.contains(javax.replace('.', '/'))) {
                    offenders.add(prefix + e.getKey() + " (" + javax + ")");
                }
            }
        }
    }

    @Test
    public void everyJavaxReferenceBecameItsJakartaCounterpartAndNothingElseChanged() {
        Map<String, Set<String>> before = bb9.referencesByClass();
        Map<String, Set<String>> after = bb10.referencesByClass();
        assertEquals("the same classes", before.keySet(), after.keySet());
        List<String> differences = new ArrayList<>();
        int renamed = 0;
        for (Map.Entry<String, Set<String>> e : before.entrySet()) {
            Set<String> expected = new TreeSet<>();
            for (String p : e.getValue()) {
                String javax = renamedPrefix(p);
                expected.add(javax == null ? p : RENAMED.get(javax) + p.substring(javax.length()));
                renamed += javax == null ? 0 : 1;
            }
            if (!expected.equals(after.get(e.getKey()))) {
                differences.add(e.getKey() + ": expected " + expected + ", was " + after.get(e.getKey()));
            }
        }
        assertEquals(List.of(), differences);
        assertTrue("the plugin uses servlets, JAX-RS and @Inject; " + renamed + " references renamed", renamed > 50);
    }

    @Test
    public void theManifestImportsTheJakartaPackagesInPlatform8Versions() {
        Map<String, Attrs> imports = bb10.imports();
        List<String> problems = new ArrayList<>();
        for (String p : imports.keySet()) {
            if (renamedPrefix(p) != null) {
                problems.add("still imports " + p);
            }
        }
        for (String needed : List.of("jakarta.servlet.http", "jakarta.ws.rs", "jakarta.ws.rs.core", "jakarta.inject")) {
            if (!imports.containsKey(needed)) {
                problems.add("does not import " + needed);
            }
        }
        for (Map.Entry<String, Attrs> e : imports.entrySet()) {
            String version = e.getValue().getVersion();
            String api = PLATFORM8_VERSION.keySet().stream()
                    .filter(j -> e.getKey().equals(j) || e.getKey().startsWith(j + ".")).findFirst().orElse(null);
            if (version == null) {
                continue;
            }
            if (api != null && !new VersionRange(version).includes(new Version(PLATFORM8_VERSION.get(api)))) {
                problems.add(e.getKey() + ";version=" + version + " excludes " + PLATFORM8_VERSION.get(api));
            }
            // a range made for Bitbucket 9 (e.g. [9.4,10)) would keep the artifact from resolving on 10
            if (e.getKey().startsWith("com.atlassian.bitbucket.")
                    && !new VersionRange(version).includes(new Version("10.0.0"))) {
                problems.add(e.getKey() + ";version=" + version + " excludes Bitbucket 10");
            }
        }
        assertEquals(List.of(), problems);
        assertEquals("the same plugin (same key: AO data and settings carry over from 9.x)",
                bb9.header("Atlassian-Plugin-Key"), bb10.header("Atlassian-Plugin-Key"));
        assertEquals(bb9.header(Constants.BUNDLE_CLASSPATH), bb10.header(Constants.BUNDLE_CLASSPATH));
    }

    /**
     * Every plugin class loads and links (fields, methods, constructors, supertypes) with the Jakarta EE 10 APIs
     * and without the javax ones, as in Bitbucket 10. Only resolution, no static initialiser runs.
     */
    @Test
    public void theClassesLinkAgainstTheJakartaApis() throws Exception {
        List<URL> urls = new ArrayList<>();
        urls.add(bb10.file.toURI().toURL());
        Path libs = Files.createTempDirectory("ocelot-bb10-libs");
        for (Path lib : bb10.extractEmbeddedJars(libs)) {
            urls.add(lib.toUri().toURL());
        }
        for (String api : List.of("jakarta/servlet/http/HttpServlet.class", "jakarta/ws/rs/Path.class",
                "jakarta/inject/Inject.class")) {
            urls.add(jarOf(api));
        }
        ClassLoader test = getClass().getClassLoader();
        // Everything else (Atlassian declarations, AO, Jackson, SLF4J) from the test class path; never the javax
        // APIs, nor the untransformed plugin classes.
        ClassLoader platform = new ClassLoader(test) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                for (String hidden : List.of("io.ocelot.", "javax.servlet.", "javax.ws.rs.", "javax.inject.",
                        "jakarta.", "org.yaml.snakeyaml.", "org.apache.hc.")) {
                    if (name.startsWith(hidden)) {
                        throw new ClassNotFoundException(name + " (not on Bitbucket 10 / not from the plugin)");
                    }
                }
                return super.loadClass(name, resolve);
            }
        };
        List<String> failures = new ArrayList<>();
        int linked = 0;
        try (URLClassLoader plugin = new URLClassLoader(urls.toArray(new URL[0]), platform)) {
            for (String path : PluginJar.classesUnder(bb10.jar, List.of("io/ocelot/"))) {
                String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
                try {
                    Class<?> c = Class.forName(name, false, plugin);
                    c.getDeclaredFields();
                    c.getDeclaredMethods();
                    c.getDeclaredConstructors();
                    c.getGenericSuperclass();
                    c.getGenericInterfaces();
                    linked++;
                } catch (LinkageError | ReflectiveOperationException | TypeNotPresentException e) {
                    failures.add(name + ": " + e);
                }
            }
            assertEquals("plugin classes that do not link on the Jakarta APIs", List.of(), failures);
            assertTrue(linked > 50);

            Class<?> servlet = plugin.loadClass("io.ocelot.plugin.web.OcelotPageServlet");
            assertEquals("jakarta.servlet.http.HttpServlet", servlet.getSuperclass().getName());
            assertAnnotated(plugin, "io.ocelot.plugin.rest.WerkerResource", "jakarta.ws.rs.Path");
            assertTrue("the servlet's constructor is a jakarta @Inject one", List.of(servlet.getConstructors())
                    .stream().anyMatch(k -> k.isAnnotationPresent(annotation(plugin, "jakarta.inject.Inject"))));
        }
    }

    private static URL jarOf(String resource) throws Exception {
        URL url = Bitbucket10ArtifactIT.class.getClassLoader().getResource(resource);
        assertNotNull(resource + " on failsafe's class path (additionalClasspathDependencies in pom.xml)", url);
        String s = url.toString();
        assertTrue(s, s.startsWith("jar:file:"));
        return Paths.get(new URL(s.substring("jar:".length(), s.indexOf("!/"))).toURI()).toUri().toURL();
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends Annotation> annotation(ClassLoader loader, String name) {
        try {
            return (Class<? extends Annotation>) loader.loadClass(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertAnnotated(ClassLoader loader, String cls, String annotation) throws Exception {
        assertNotNull(cls + " carries @" + annotation,
                loader.loadClass(cls).getAnnotation(annotation(loader, annotation)));
    }
}

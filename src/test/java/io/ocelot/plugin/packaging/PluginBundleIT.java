package io.ocelot.plugin.packaging;

import aQute.bnd.header.Attrs;
import aQute.bnd.osgi.Constants;
import aQute.bnd.osgi.Jar;
import io.ocelot.plugin.web.AtlassianPageRenderer;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The Bitbucket 9.x plugin jar as Bitbucket's OSGi framework will load it (the manifest comes from the ocelot.osgi.*
 * instructions in pom.xml, the same for AMPS and the default build): Spring Scanner's bridge package is imported,
 * every Atlassian package the bytecode uses is imported and Bitbucket's own are mandatory, nothing the code refers to
 * is left unimported, and the jar carries neither the atlassian-api/ declarations nor a library Bitbucket provides.
 */
public class PluginBundleIT {
    private static PluginJar bundle;

    @BeforeClass
    public static void open() throws Exception {
        bundle = PluginJar.open("ocelot.plugin.jar");
    }

    @AfterClass
    public static void close() {
        if (bundle != null) {
            bundle.close();
        }
    }

    @Test
    public void importsSpringScannersBridgeMandatorily() {
        Attrs bridge = bundle.imports().get("com.atlassian.plugin.osgi.bridge.external");
        assertTrue("Import-Package lacks com.atlassian.plugin.osgi.bridge.external: " + bundle.imports().keySet(),
                bridge != null);
        assertFalse("the bridge import must not be optional", PluginJar.optional(bridge));
    }

    @Test
    public void importsEveryPackageTheBytecodeUses() {
        Set<String> referred = bundle.referredFromOutside();
        assertTrue("bnd found no Atlassian package in the bytecode: " + referred,
                referred.contains("com.atlassian.bitbucket.repository"));
        Set<String> missing = new TreeSet<>(referred);
        missing.removeAll(bundle.imports().keySet());
        assertEquals("packages the classes use that the manifest does not import", Set.of(), missing);
    }

    @Test
    public void bitbucketsOwnPackagesAreMandatory() {
        List<String> optional = new ArrayList<>();
        for (Map.Entry<String, Attrs> e : bundle.imports().entrySet()) {
            if (e.getKey().startsWith("com.atlassian.bitbucket.") && PluginJar.optional(e.getValue())) {
                optional.add(e.getKey());
            }
        }
        assertEquals("optional com.atlassian.bitbucket imports", List.of(), optional);
    }

    @Test
    public void bundlesNeitherTheAtlassianDeclarationsNorAPlatformLibrary() throws Exception {
        List<String> own = PluginJar.classesUnder(bundle.jar, List.of(""));
        List<String> foreign = new ArrayList<>(own);
        foreign.removeIf(path -> path.startsWith("io/ocelot/"));
        assertEquals("classes of the jar outside io/ocelot/ (atlassian-api/ declarations, unpacked libraries)",
                List.of(), foreign);
        assertTrue(own.contains("io/ocelot/plugin/web/OcelotPageServlet.class"));

        Map<String, Jar> embedded = bundle.embeddedJars();
        String header = bundle.header(Constants.BUNDLE_CLASSPATH);
        assertTrue("no Bundle-ClassPath: the bundled libraries are not embedded", header != null);
        List<String> bundleClassPath = new ArrayList<>(List.of(header.split(",")));
        assertEquals(".", bundleClassPath.remove(0));
        assertEquals("Bundle-ClassPath names exactly the jars in META-INF/lib/", new TreeSet<>(embedded.keySet()),
                new TreeSet<>(bundleClassPath));
        List<String> platform = new ArrayList<>();
        for (Map.Entry<String, Jar> e : embedded.entrySet()) {
            try (Jar lib = e.getValue()) {
                PluginJar.classesUnder(lib, PluginJar.PLATFORM_PACKAGES).stream().limit(3)
                        .forEach(c -> platform.add(e.getKey() + "!/" + c));
            }
        }
        assertEquals("embedded libraries holding classes Bitbucket provides", List.of(), platform);
        assertTrue("the YAML parser is bundled (Bitbucket does not export it)",
                bundle.contained().contains("org.yaml.snakeyaml"));
    }

    @Test
    public void theKeyIsTheSameInTheDescriptorTheManifestAndTheCode() throws Exception {
        String key = System.getProperty("ocelot.plugin.key");
        Element root = bundle.descriptor().getDocumentElement();
        assertEquals("atlassian-plugin.xml key (filtered from ${atlassian.plugin.key})", key, root.getAttribute("key"));
        assertFalse("unfiltered property in the plugin name", root.getAttribute("name").contains("${"));
        assertEquals(key, bundle.header("Atlassian-Plugin-Key"));
        assertEquals(key, bundle.header(Constants.BUNDLE_SYMBOLICNAME));
        assertEquals("*", bundle.header("Spring-Context"));
        assertTrue(AtlassianPageRenderer.SOY_MODULE + " is a module of " + key,
                AtlassianPageRenderer.SOY_MODULE.startsWith(key + ":"));
    }

    @Test
    public void everyClassTheDescriptorNamesIsInTheBundleOrImported() throws Exception {
        Document d = bundle.descriptor();
        List<String> classes = new ArrayList<>();
        NodeList all = d.getElementsByTagName("*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (!e.getAttribute("class").isEmpty()) {
                classes.add(e.getAttribute("class"));
            }
            if (List.of("entity", "upgradeTask").contains(e.getTagName())) {
                classes.add(e.getTextContent().trim());
            }
        }
        assertTrue(classes.contains("com.atlassian.bitbucket.web.conditions.HasRepositoryPermissionCondition"));
        List<String> unreachable = new ArrayList<>();
        for (String c : classes) {
            String pkg = c.substring(0, c.lastIndexOf('.'));
            boolean inside = bundle.jar.getResource(c.replace('.', '/') + ".class") != null;
            Attrs imported = bundle.imports().get(pkg);
            if (!inside && (imported == null || PluginJar.optional(imported))) {
                unreachable.add(c);
            }
        }
        assertEquals("descriptor classes neither in the jar nor imported (mandatorily)", List.of(), unreachable);
    }
}

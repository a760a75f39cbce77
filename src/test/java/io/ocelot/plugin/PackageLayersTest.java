package io.ocelot.plugin;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.BeforeClass;
import org.junit.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * The plugin's package layers (docs/plugin.md, "Package layers"), checked on the compiled classes, so every kind of
 * use counts (a field, a call, a fully qualified name), not only import lines. A class may use its own package and
 * the packages of LOWER layers; the packages of one layer never use each other; every package is in a layer. The
 * Atlassian-free core ({@code io.ocelot.core}) is below all of them and checked by {@code CoreIsolationTest}.
 */
public class PackageLayersTest {
    private static final String ROOT = "io.ocelot.plugin.";

    /** Bottom first; package names below {@code io.ocelot.plugin}. */
    static final List<List<String>> LAYERS = List.of(
            List.of("config", "crypto", "clone", "registry", "artifact"), // values and ports that need no other plugin package
            List.of("repo"),                                  // repositories: by id, settings, the Bitbucket ports
            List.of("build"),                                 // build records and what they are persisted as
            List.of("store"),                                 // Active Objects and settings stores
            List.of("status"),                                // build statuses: one decision, one port
            List.of("insights"),                              // Code Insights reports of finished builds
            List.of("queue"),                                 // the build queue's transitions and their effects
            List.of("trigger", "werker"),                     // events into builds; the werker protocol
            List.of("ui"),                                    // the user-facing ports and the access policy
            List.of("uistore", "notify", "metrics"),          // user ports over the stores; notifications; metrics
            List.of("bitbucket", "rest", "rest.user", "web")); // the doors: Bitbucket, REST, pages

    /** Uses that run against the layers and are known, as "from-package -> target class". Keep it empty. */
    static final Set<String> ALLOWED = Set.of();

    private static JavaClasses classes;

    @BeforeClass
    public static void importPlugin() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages("io.ocelot.plugin");
    }

    @Test
    public void everyPackageIsInALayer() {
        Set<String> unplaced = new TreeSet<>();
        for (JavaClass c : classes) {
            if (layerOf(pkg(c)) < 0) {
                unplaced.add(pkg(c));
            }
        }
        assertTrue("expected the plugin's classes, found " + classes.size(), classes.size() > 100);
        assertEquals("packages missing from PackageLayersTest.LAYERS and docs/plugin.md", Set.of(), unplaced);
    }

    @Test
    public void noUseRunsAgainstTheLayers() {
        Map<String, String> violations = new LinkedHashMap<>();
        for (JavaClass c : classes) {
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                JavaClass target = d.getTargetClass().getBaseComponentType();
                if (!target.getPackageName().startsWith(ROOT)) {
                    continue;
                }
                String from = pkg(c);
                String to = pkg(target);
                String use = from + " -> " + to + "." + outermost(target).getSimpleName();
                if (!allowed(from, to) && !ALLOWED.contains(use)) {
                    violations.putIfAbsent(outermost(c).getName() + " -> " + outermost(target).getName(),
                            d.getSourceCodeLocation().toString());
                }
            }
        }
        assertEquals("uses against the package layers (docs/plugin.md, \"Package layers\"); move the class or turn "
                + "the use around through a port of the lower layer", Map.of(), violations);
    }

    @Test
    public void theRuleRefusesUpwardAndSidewaysUses() {
        assertTrue(allowed("uistore", "store"));
        assertTrue(allowed("web", "ui"));
        assertTrue(allowed("ui", "ui"));
        assertFalse("a store must not use the user layer", allowed("store", "ui"));
        assertFalse("a page must not call a REST resource", allowed("web", "rest.user"));
        assertFalse("the trigger service must not use the werker protocol", allowed("trigger", "werker"));
        assertFalse("an unplaced package is refused", allowed("nowhere", "build"));
    }

    /** May a class of package {@code from} use one of package {@code to}? */
    static boolean allowed(String from, String to) {
        if (from.equals(to)) {
            return true;
        }
        int f = layerOf(from);
        int t = layerOf(to);
        return f >= 0 && t >= 0 && t < f;
    }

    static int layerOf(String pkg) {
        for (int i = 0; i < LAYERS.size(); i++) {
            if (LAYERS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    private static String pkg(JavaClass c) {
        return c.getPackageName().startsWith(ROOT) ? c.getPackageName().substring(ROOT.length()) : "(root)";
    }

    private static JavaClass outermost(JavaClass c) {
        JavaClass o = c;
        while (o.getEnclosingClass().isPresent()) {
            o = o.getEnclosingClass().get();
        }
        return o;
    }
}

package io.ocelot.plugin.wiring;

import io.ocelot.plugin.store.OcelotEntities;
import io.ocelot.plugin.web.AtlassianPageRenderer;
import io.ocelot.plugin.web.OcelotPageServlet;
import org.junit.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.inject.Inject;
import javax.inject.Named;
import javax.ws.rs.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * What Bitbucket would find when it loads the plugin, checked without Bitbucket: the descriptor declares every AO
 * entity, both REST packages, the servlet and the web-resources the code refers to; and Spring can wire every
 * component, REST resource and the servlet: each {@code @Inject} constructor parameter is either an Atlassian service
 * (imported) or has exactly one {@code @Named} implementation in the plugin.
 */
public class PluginWiringTest {

    private static Document descriptor() throws Exception {
        try (InputStream in = PluginWiringTest.class.getResourceAsStream("/atlassian-plugin.xml")) {
            return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
    }

    private static List<String> texts(Document d, String tag) {
        NodeList nodes = d.getElementsByTagName(tag);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().trim());
        }
        return out;
    }

    @Test
    public void theDescriptorDeclaresWhatTheCodeUses() throws Exception {
        Document d = descriptor();
        assertEquals(OcelotEntities.ALL.stream().map(Class::getName).toList(), texts(d, "entity"));
        assertEquals("one REST module for the werker and user APIs", 1, d.getElementsByTagName("rest").getLength());
        assertEquals(List.of("io.ocelot.plugin.rest", "io.ocelot.plugin.rest.user"), texts(d, "package"));
        Element servlet = (Element) d.getElementsByTagName("servlet").item(0);
        assertEquals(OcelotPageServlet.class.getName(), servlet.getAttribute("class"));
        assertTrue(texts(d, "context").contains(OcelotPageServlet.BUILD_PAGE_CONTEXT));
        Element adminServlet = (Element) d.getElementsByTagName("servlet").item(1);
        assertEquals(io.ocelot.plugin.web.OcelotAdminServlet.class.getName(), adminServlet.getAttribute("class"));
        assertEquals("/ocelot-admin", adminServlet.getElementsByTagName("url-pattern").item(0).getTextContent().trim());
        NodeList items = d.getElementsByTagName("web-item");
        Element adminItem = null;
        for (int i = 0; i < items.getLength(); i++) {
            if (((Element) items.item(i)).getAttribute("key").equals("ocelot-admin")) {
                adminItem = (Element) items.item(i);
            }
        }
        assertEquals("atl.admin/admin-plugins-section", adminItem.getAttribute("section"));
        assertEquals("/plugins/servlet/ocelot-admin", adminItem.getElementsByTagName("link").item(0).getTextContent().trim());
        Element condition = (Element) adminItem.getElementsByTagName("condition").item(0);
        assertEquals("com.atlassian.bitbucket.web.conditions.HasGlobalPermissionCondition", condition.getAttribute("class"));
        assertEquals("ADMIN", condition.getElementsByTagName("param").item(0).getTextContent().trim());
        List<String> resourceKeys = new ArrayList<>();
        NodeList wr = d.getElementsByTagName("web-resource");
        for (int i = 0; i < wr.getLength(); i++) {
            resourceKeys.add(((Element) wr.item(i)).getAttribute("key"));
        }
        String soyKey = AtlassianPageRenderer.SOY_MODULE.substring(AtlassianPageRenderer.SOY_MODULE.indexOf(':') + 1);
        assertTrue(resourceKeys + " has " + soyKey, resourceKeys.contains(soyKey));
        assertTrue("no REST module lost in the merge", texts(d, "rest-v2").size() == 1);
    }

    @Test
    public void springCanWireEveryComponentResourceAndTheServlet() throws Exception {
        List<Class<?>> classes = pluginClasses();
        List<Class<?>> components = classes.stream().filter(c -> c.isAnnotationPresent(Named.class)).toList();
        List<Class<?>> wired = new ArrayList<>(components);
        classes.stream().filter(c -> c.isAnnotationPresent(Path.class)).forEach(wired::add);
        wired.add(OcelotPageServlet.class);
        wired.add(io.ocelot.plugin.web.OcelotAdminServlet.class);
        List<String> problems = new ArrayList<>();
        for (Class<?> c : wired) {
            List<Constructor<?>> injectable = Stream.of(c.getConstructors())
                    .filter(k -> k.isAnnotationPresent(Inject.class) || c.getConstructors().length == 1
                            && k.getParameterCount() == 0).toList();
            if (injectable.size() != 1) {
                problems.add(c.getName() + ": " + injectable.size() + " injectable constructors");
                continue;
            }
            for (Class<?> p : injectable.get(0).getParameterTypes()) {
                if (p.getName().startsWith("com.atlassian.")) {
                    continue; // an imported Bitbucket service (@ComponentImport)
                }
                List<String> candidates = components.stream().filter(p::isAssignableFrom).map(Class::getSimpleName).toList();
                if (candidates.size() != 1) {
                    problems.add(c.getSimpleName() + " needs a " + p.getSimpleName() + ": candidates " + candidates);
                }
            }
        }
        assertEquals(List.of(), problems);
        assertTrue(components.size() > 30);
    }

    private static List<Class<?>> pluginClasses() throws Exception {
        java.nio.file.Path root = Paths.get(OcelotPageServlet.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (Stream<java.nio.file.Path> files = Files.walk(root.resolve("io/ocelot/plugin"))) {
            List<Class<?>> out = new ArrayList<>();
            for (java.nio.file.Path f : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, PluginWiringTest.class.getClassLoader());
                if (!c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                    out.add(c);
                }
            }
            return out;
        }
    }
}

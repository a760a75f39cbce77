package io.ocelot.plugin.store;

import net.java.ao.schema.Indexed;
import net.java.ao.schema.Unique;
import org.junit.Test;
import org.w3c.dom.Element;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

/**
 * Schema rules the databases Bitbucket supports impose on the entities, which HSQLDB in the other store tests does not:
 * Oracle refuses a second index on a column that already has one (ORA-01408), and {@code @Unique} already creates
 * an index, so no column may carry {@code @Unique} and {@code @Indexed} together. And the {@code <ao>} module names
 * its namespace, from which AO derives the {@code AO_xxxxxx_} table prefix.
 */
public class EntitySchemaTest {

    @Test
    public void noColumnIsBothUniqueAndIndexed() {
        List<String> doubled = new ArrayList<>();
        for (Class<?> entity : OcelotEntities.ALL) {
            for (Method m : entity.getMethods()) {
                if (m.isAnnotationPresent(Unique.class) && m.isAnnotationPresent(Indexed.class)) {
                    doubled.add(entity.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertEquals("@Unique columns that also carry @Indexed (two indexes on one column)", List.of(), doubled);
    }

    @Test
    public void theAoModuleNamesItsNamespace() throws Exception {
        try (InputStream in = EntitySchemaTest.class.getResourceAsStream("/atlassian-plugin.xml")) {
            Element ao = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
                    .getElementsByTagName("ao").item(0);
            // The key Ocelot's tables were created under: changing it would move every table to a new prefix.
            assertEquals("io.ocelot.ocelot-bitbucket-plugin", ao.getAttribute("namespace"));
            assertTrue(ao.getElementsByTagName("entity").getLength() > 0);
        }
    }
}

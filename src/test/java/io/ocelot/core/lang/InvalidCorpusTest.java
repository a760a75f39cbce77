package io.ocelot.core.lang;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.Parameterized;
import org.junit.runners.Parameterized.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * Every file under ocelot-yml/invalid is a mistake a user can make. Its first line says where the error must be
 * reported and a fragment of what it must say: {@code # expect: LINE:COLUMN fragment}. The parser must reject the
 * file and report an error at exactly that place containing that text.
 */
@RunWith(Parameterized.class)
public class InvalidCorpusTest {
    private static final Pattern EXPECT = Pattern.compile("# expect: (\\d+):(\\d+) (.+)");
    static final Path DIR = TestFiles.resource("ocelot-yml/invalid");

    private final Path file;

    public InvalidCorpusTest(String name, Path file) {
        this.file = file;
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> files() throws IOException {
        List<Object[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(DIR)) {
            s.filter(p -> p.toString().endsWith(".yml")).sorted()
                    .forEach(p -> out.add(new Object[]{p.getFileName().toString(), p}));
        }
        if (out.size() < 100) {
            throw new IllegalStateException("the invalid corpus must keep at least 100 files; found " + out.size());
        }
        return out;
    }

    @Test
    public void reportsTheExpectedErrorAtTheExpectedPlace() throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String first = new String(bytes, StandardCharsets.UTF_8).lines().findFirst().orElse("");
        Matcher m = EXPECT.matcher(first);
        assertTrue("first line must be '# expect: L:C fragment' in " + file, m.matches());
        int line = Integer.parseInt(m.group(1));
        int column = Integer.parseInt(m.group(2));
        String fragment = m.group(3);

        String name = file.getFileName().toString();
        ParseResult r = PipelineParser.parse(name, bytes);
        assertFalse("must be invalid:\n" + r.report(), r.isValid());
        assertNull(r.pipeline());
        boolean found = r.errors().stream().anyMatch(p -> p.line() == line && p.column() == column
                && p.message().contains(fragment));
        assertTrue("expected an error at " + line + ":" + column + " containing \"" + fragment + "\"; got:\n"
                + r.report(), found);
        for (Problem p : r.problems()) {
            assertEquals(name, p.file());
            assertTrue(p.toString(), p.toString().startsWith(name + ":" + p.line() + ":" + p.column() + ": "));
        }
    }
}

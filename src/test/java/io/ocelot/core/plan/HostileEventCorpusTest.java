package io.ocelot.core.plan;

import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineParser;
import io.ocelot.core.lang.TestFiles;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/**
 * Valid files that meet a hostile push (issue 14: ReDoS patterns, one budget per event, branches thousands of
 * characters long). Each file under ocelot-yml/hostile-events starts with
 * <pre>
 *   # branch: TEXT       (where &lt;N*UNIT&gt; stands for UNIT repeated N times)
 *   # expect: build | no build FRAGMENT | LINE:COLUMN FRAGMENT   (the last: planning fails with a positioned reason)
 * </pre>
 * Planning runs on a thread with a 512 KiB stack, less than Bitbucket's worker threads get, so a matcher that
 * recurses per character fails here as it would there; it must finish within seconds (the old per-match budget
 * let such files take minutes).
 */
@RunWith(Parameterized.class)
public class HostileEventCorpusTest {
    private static final Pattern BRANCH = Pattern.compile("# branch: (.+)");
    private static final Pattern EXPECT = Pattern.compile("# expect: (build|no build (.+)|(\\d+):(\\d+) (.+))");
    private static final Pattern REPEAT = Pattern.compile("<(\\d+)\\*([^>]+)>");
    private static final long SMALL_STACK = 512 * 1024;

    private final Path file;

    public HostileEventCorpusTest(String name, Path file) {
        this.file = file;
    }

    @Parameters(name = "{0}")
    public static Collection<Object[]> files() throws IOException {
        List<Object[]> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(TestFiles.resource("ocelot-yml/hostile-events"))) {
            s.filter(p -> p.toString().endsWith(".yml")).sorted()
                    .forEach(p -> out.add(new Object[]{p.getFileName().toString(), p}));
        }
        return out;
    }

    static String expand(String spec) {
        Matcher m = REPEAT.matcher(spec);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(m.group(2).repeat(Integer.parseInt(m.group(1)))));
        }
        return m.appendTail(b).toString();
    }

    @Test(timeout = 20_000)
    public void plansAsExpected() throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        List<String> head = new String(bytes, StandardCharsets.UTF_8).lines().limit(2).toList();
        Matcher b = BRANCH.matcher(head.get(0));
        Matcher e = EXPECT.matcher(head.get(1));
        assertTrue("first lines must be '# branch: ...' and '# expect: ...' in " + file, b.matches() && e.matches());
        String name = file.getFileName().toString();
        ParseResult parsed = PipelineParser.parse(name, bytes);
        assertTrue("the file itself is valid:\n" + parsed.report(), parsed.isValid());
        BuildEvent event = BuildEvent.push(expand(b.group(1)), "c".repeat(40), List.of("change"), List.of("src/A.java"));

        AtomicReference<Object> result = new AtomicReference<>();
        Thread t = new Thread(null, () -> {
            try {
                result.set(new Planner().plan(parsed.pipeline(), event));
            } catch (Throwable x) {
                result.set(x);
            }
        }, "small-stack-planner", SMALL_STACK);
        t.start();
        t.join();
        if (result.get() instanceof Throwable x) {
            throw new AssertionError("planning must not throw", x);
        }
        Decision d = (Decision) result.get();
        if (e.group(1).equals("build")) {
            assertTrue("must build: " + d.reason(), d.shouldBuild());
            assertTrue(d.plan().stages().stream().noneMatch(PlannedStage::skipped));
        } else if (e.group(2) != null) {
            assertFalse(d.shouldBuild());
            assertFalse("a plain no-build, not a failure: " + d.reason(), d.failed());
            assertTrue(d.reason(), d.reason().contains(e.group(2)));
        } else {
            assertTrue("planning must fail with a reason, got: " + d, d.failed());
            String at = name + ":" + e.group(3) + ":" + e.group(4) + ": ";
            assertTrue("expected '" + at + "...'" + e.group(5) + "'; got: " + d.reason(), d.reason().startsWith(at));
            assertTrue(d.reason(), d.reason().contains(e.group(5)));
            assertEquals("one line", -1, d.reason().indexOf('\n'));
        }
    }
}

package io.ocelot.core.lang;

import org.junit.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

/**
 * Whatever bytes a pusher commits as ocelot.yml, parsing returns a result — never an exception, never a hang —
 * and an invalid file always says where and why. Seeds are fixed so a failure reproduces. The timeouts are hang
 * detectors only (generous by two orders of magnitude), not speed requirements.
 */
public class HostileInputTest {
    private static final long SEED = 20240601L;
    private static final String FRAGMENTS = "\n \t:-[]{}&*!|>'\"%@`#,?\\\0\u00e9\uFEFF";

    /** Parses and checks the result is well-formed; an "internal error" means an exception escaped a reader. */
    private static ParseResult check(byte[] bytes) {
        ParseResult r = PipelineParser.parse("fuzz.yml", bytes);
        assertNotNull(r);
        if (r.isValid()) {
            assertTrue(r.errors().isEmpty());
            assertFalse(r.pipeline().stages().isEmpty());
        } else {
            assertFalse("an invalid file must say why", r.errors().isEmpty());
        }
        for (Problem p : r.problems()) {
            assertFalse("no exception may reach the user: " + p + "\ninput: " + show(bytes),
                    p.message().startsWith("internal error"));
            assertTrue(p.toString(), p.line() >= 1 && p.column() >= 1);
            assertFalse("one line per problem: " + p, p.toString().contains("\n"));
        }
        assertTrue(r.problems().size() <= Problems.MAX + 1);
        return r;
    }

    private static String show(byte[] b) {
        return new String(b, StandardCharsets.UTF_8).replace("\n", "\\n");
    }

    private static List<byte[]> seeds() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String dir : List.of("ocelot-yml/valid", "ocelot-yml/invalid", "ocelot-yml/hostile-events")) {
            try (Stream<Path> s = Files.list(TestFiles.resource(dir))) {
                for (Path p : s.sorted().toList()) {
                    out.add(Files.readAllBytes(p));
                }
            }
        }
        return out;
    }

    @Test(timeout = 120_000)
    public void randomBytesNeverEscape() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < 2000; i++) {
            byte[] b = new byte[rnd.nextInt(400)];
            rnd.nextBytes(b);
            check(b);
        }
    }

    @Test(timeout = 120_000)
    public void randomYamlishTextNeverEscapes() {
        Random rnd = new Random(SEED + 1);
        String alphabet = FRAGMENTS + "abcdefimnorstABC0123456789=_/.";
        for (int i = 0; i < 3000; i++) {
            StringBuilder b = new StringBuilder();
            int n = rnd.nextInt(200);
            for (int j = 0; j < n; j++) {
                b.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
            }
            check(b.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test(timeout = 300_000)
    public void mutationsOfRealFilesNeverEscape() throws IOException {
        Random rnd = new Random(SEED + 2);
        String[] tokens = {"\n", "  ", "\t", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "<<: *a\n", "!!str ", "'", "\"",
                "\\branch ", " || ", " && ", " and ", " or ", "(", "stages", "name", "script", "~", "|\n", "---\n", "\0"};
        for (byte[] seed : seeds()) {
            String text = new String(seed, StandardCharsets.UTF_8);
            for (int i = 0; i < 60; i++) {
                StringBuilder b = new StringBuilder(text);
                int edits = 1 + rnd.nextInt(4);
                for (int e = 0; e < edits && b.length() > 0; e++) {
                    int at = rnd.nextInt(b.length());
                    switch (rnd.nextInt(4)) {
                        case 0 -> b.deleteCharAt(at);
                        case 1 -> b.insert(at, tokens[rnd.nextInt(tokens.length)]);
                        case 2 -> b.setCharAt(at, FRAGMENTS.charAt(rnd.nextInt(FRAGMENTS.length())));
                        default -> b.delete(at, Math.min(b.length(), at + rnd.nextInt(20)));
                    }
                }
                check(b.toString().getBytes(StandardCharsets.UTF_8));
            }
            byte[] truncated = java.util.Arrays.copyOf(seed, rnd.nextInt(seed.length + 1));
            check(truncated);
        }
    }

    @Test(timeout = 60_000)
    public void deepNestingOfEveryKind() {
        for (int depth : new int[]{33, 200, 10_000, 100_000}) {
            assertFalse(check(("a: " + "[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8)).isValid());
            assertFalse(check(("a: " + "{a: ".repeat(depth) + "}".repeat(depth)).getBytes(StandardCharsets.UTF_8)).isValid());
            StringBuilder block = new StringBuilder();
            for (int i = 0; i < Math.min(depth, 2000); i++) {
                block.append(" ".repeat(i)).append("k:\n");
            }
            assertFalse(check(block.toString().getBytes(StandardCharsets.UTF_8)).isValid());
            assertFalse(check("- ".repeat(Math.min(depth, 50_000)).getBytes(StandardCharsets.UTF_8)).isValid());
        }
    }

    @Test(timeout = 60_000)
    public void aliasBombsOfEveryShape() {
        // the classic billion laughs, a merge-key bomb, and self-reference through merges
        StringBuilder laughs = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            laughs.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                laughs.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
            }
            laughs.append("]\n");
        }
        assertFalse(check(laughs.toString().getBytes(StandardCharsets.UTF_8)).isValid());
        StringBuilder merges = new StringBuilder("image: x\na0: &m0 {k: v}\n");
        for (int i = 1; i < 40; i++) {
            merges.append("a").append(i).append(": &m").append(i).append(" {<<: [*m").append(i - 1).append(", *m")
                    .append(i - 1).append("]}\n");
        }
        assertFalse(check(merges.toString().getBytes(StandardCharsets.UTF_8)).isValid());
        assertFalse(check("a: &a {<<: *a}\n".getBytes(StandardCharsets.UTF_8)).isValid());
        assertFalse(check("a: &a [*a, *a]\nstages: &s [*s]\n".getBytes(StandardCharsets.UTF_8)).isValid());
        assertFalse(check("&a [*a]".getBytes(StandardCharsets.UTF_8)).isValid());
    }

    @Test(timeout = 60_000)
    public void hugeAndLongInputs() {
        assertFalse(check(new byte[10 * 1024 * 1024]).isValid());
        String longLine = "image: " + "x".repeat(YamlLoader.MAX_BYTES - 100) + "\nstages: [{name: a, script: [b]}]\n";
        assertTrue(check(longLine.getBytes(StandardCharsets.UTF_8)).isValid());
        StringBuilder many = new StringBuilder("image: x\nstages:\n");
        for (int i = 0; many.length() < YamlLoader.MAX_BYTES - 100; i++) {
            many.append("  - {name: s, script: []}\n");
        }
        ParseResult r = check(many.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals("problems are capped, with a note saying how many were left out", Problems.MAX + 1, r.problems().size());
        assertTrue(r.problems().get(Problems.MAX).message().endsWith("more problems not shown; fix the ones above first"));
    }

    @Test(timeout = 60_000)
    public void encodingsAndControlCharacters() {
        check(new byte[]{(byte) 0xFF, (byte) 0xFE, 'a', 0});
        check(new byte[]{(byte) 0xEF, (byte) 0xBB});
        check(new byte[]{(byte) 0xC3});
        check(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}); // an encoded surrogate is not UTF-8
        check("image: x\n\tstages: []\n".getBytes(StandardCharsets.UTF_8));
        check("image: \u0001\n".getBytes(StandardCharsets.UTF_8));
        check("image: \uD83D\uDE00 emoji\nstages: [{name: \"\uD83D\uDE00\", script: [x]}]\n".getBytes(StandardCharsets.UTF_8));
        check("%YAML 1.1\n%TAG ! tag:evil.com,2000:\n---\nimage: !x y\n".getBytes(StandardCharsets.UTF_8));
    }

    private static ParseResult parse(String text) {
        return check(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Problem onlyError(ParseResult r) {
        assertFalse("must be invalid", r.isValid());
        assertEquals(r.report(), 1, r.errors().size());
        return r.errors().get(0);
    }

    private static String list(String item, int n) {
        return String.join(", ", java.util.Collections.nCopies(n, item));
    }

    /** Issue 14.3: SnakeYAML's limit ignores aliases to text, so 60 000 of them passed as a valid file. */
    @Test(timeout = 60_000)
    public void aliasesToTextAreCountedToo() {
        String text = "image: ocelot/busybox\nenv:\n  BIG: &big " + "x".repeat(2000) + "\nstages:\n"
                + "  - name: s\n    script: [" + list("*big", 101) + "]\n";
        Problem p = onlyError(parse(text));
        assertTrue(p.toString(), p.message().startsWith("too many aliases (more than 100)"));
        assertEquals(6, p.line());
        assertEquals(14 + 6 * 100, p.column()); // the 101st alias
    }

    /** Few aliases can still multiply text: the expanded document is measured as it is read. */
    @Test(timeout = 60_000)
    public void theExpandedDocumentIsBounded() {
        String big = "x".repeat(30_000);
        String head = "image: ocelot/busybox\nenv:\n  A: &a " + big + "\nstages:\n"
                + "  - name: s0\n    script: &l [" + list("*a", 10) + "]\n";
        String twoCopies = head + "  - name: s1\n    script: *l\n  - name: s2\n    script: *l\n";
        ParseResult ok = parse(twoCopies);
        assertTrue("just under the bound is valid: " + ok.report(), ok.isValid());

        Problem p = onlyError(parse(twoCopies + "  - name: s3\n    script: *l\n"));
        assertTrue(p.toString(), p.message().startsWith("this alias expands the file to more than "
                + YamlLoader.MAX_EXPANDED_CHARS + " characters"));
        assertEquals(12, p.line());
        assertEquals(13, p.column());
    }

    /** A valid file never expands beyond the bound: every valid file of the corpora, and the largest valid ones. */
    @Test(timeout = 60_000)
    public void aValidFileIsWithinTheBounds() throws IOException {
        for (byte[] seed : seeds()) {
            ParseResult r = PipelineParser.parse("seed.yml", seed);
            if (r.isValid()) {
                String json = io.ocelot.core.Json.write(new io.ocelot.core.plan.Planner().plan(r.pipeline(),
                        io.ocelot.core.plan.BuildEvent.push("main", "c".repeat(40), List.of(), List.of())).plan());
                assertTrue(json.length() < 2L * PipelineFile.MAX_PLAN_CHARS);
            }
        }
    }

    /** No alias needed: the file's env is copied into every stage's plan, so size × stages is bounded. */
    @Test(timeout = 60_000)
    public void thePlanIsBoundedWithoutAliases() {
        StringBuilder b = new StringBuilder("image: ocelot/busybox\nenv:\n  BIG: " + "y".repeat(100_000)
                + "\nstages:\n");
        for (int i = 0; i < 30; i++) {
            b.append("  - {name: s").append(i).append(", script: [make]}\n");
        }
        Problem p = onlyError(parse(b.toString()));
        assertTrue(p.toString(), p.message().startsWith("the build plan would be larger than "
                + PipelineFile.MAX_PLAN_CHARS + " characters from this stage on (stage 21 of 30"));
        assertEquals(5 + 20, p.line());
        assertEquals(5, p.column());
    }

    /** Issue 14.4: every branch pattern is matched on every push, so a file may have only so many. */
    @Test(timeout = 60_000)
    public void branchPatternsAndTriggerDirectivesAreCappedPerFile() {
        Problem p = onlyError(parse("image: ocelot/busybox\nbranches: [" + list("main", 60) + "]\nstages:\n"
                + "  - name: s\n    script: [x]\n    trigger: {branches: [" + list("dev", 40) + "]}\n"
                + "    triggers: ['\\branch a || b']\n"));
        assertEquals("7:16: 'triggers': too many branch patterns: a file may have at most 100 (counting 'branches', 'tags', "
                + "'trigger.branches' and the \\branch values of 'triggers'), because every one is matched on every push",
                p.line() + ":" + p.column() + ": " + p.message());

        StringBuilder many = new StringBuilder("image: ocelot/busybox\nstages:\n  - name: s\n    script: [x]\n"
                + "    triggers:\n");
        for (int i = 0; i < 101; i++) {
            many.append("      - \\text deploy").append(i).append('\n');
        }
        p = onlyError(parse(many.toString()));
        assertEquals(6 + 100, p.line());
        assertTrue(p.message(), p.message().startsWith("'triggers': too many trigger directives: a file may have at most 100"));
    }

    /** Issue 14.10: a machineTag goes into indexed columns; one of 300 characters made the insert fail. */
    @Test
    public void aMachineTagOverTheLimitIsAPositionedError() {
        Problem p = onlyError(parse("machineTag: " + "m".repeat(300) + "\nstages: [{name: a, script: [b]}]\n"));
        assertEquals("1:13: 'machineTag': a werker label is one line of at most 100 characters; this one has 300",
                p.line() + ":" + p.column() + ": " + p.message());
        assertTrue(parse("machineTag: " + "m".repeat(100) + "\nstages: [{name: a, script: [b]}]\n").isValid());
    }
}

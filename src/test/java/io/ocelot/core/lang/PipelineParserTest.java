package io.ocelot.core.lang;

import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** Language rules not covered by one invalid file each: defaults, accepted spellings, ordering, encodings. */
public class PipelineParserTest {
    private static final String STAGES = "stages:\n  - name: build\n    script: [make]\n";

    static ParseResult parse(String yaml) {
        return PipelineParser.parse("ocelot.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static PipelineFile valid(String yaml) {
        ParseResult r = parse(yaml);
        assertTrue(r.report(), r.isValid());
        return r.pipeline();
    }

    private static Problem onlyError(ParseResult r) {
        assertEquals(r.report(), 1, r.errors().size());
        return r.errors().get(0);
    }

    @Test
    public void absentOrEmptyBranchesMeanEveryBranch() {
        assertTrue(valid("image: x\n" + STAGES).branches().matches("anything"));
        assertTrue(valid("image: x\nbranches: []\n" + STAGES).branches().matches("anything"));
        assertTrue(valid("image: x\nbranches:\n" + STAGES).branches().matches("anything"));
        assertFalse("ALL is case-sensitive, 'all' is an ordinary regex",
                valid("image: x\nbranches: [all]\n" + STAGES).branches().matches("main"));
    }

    @Test
    public void pathsArePrefixesRelativeToTheRoot() {
        assertEquals(List.of("Dockerfile", "deps/"), valid("image: x\npaths: [Dockerfile, deps/]\n" + STAGES).paths());
        assertEquals(List.of(), valid("image: x\n" + STAGES).paths());
        ParseResult slash = parse("image: x\npaths: [/deps]\n" + STAGES);
        assertEquals("ocelot.yml:2:9: 'paths': '/deps': the path must be relative to the workspace, not start with '/'",
                slash.errors().get(0).toString());
        assertFalse(parse("image: x\npaths: ['']\n" + STAGES).isValid());
        assertFalse(parse("image: x\npaths: {a: b}\n" + STAGES).isValid());
    }

    @Test
    public void durationsUseHoursMinutesSeconds() {
        assertEquals(Duration.ofMinutes(45), valid("image: x\ntimeout: 45m\n" + STAGES).timeout());
        assertEquals(Duration.ofMinutes(90), valid("image: x\ntimeout: 1h30m\n" + STAGES).timeout());
        assertEquals(Duration.ofSeconds(90), valid("image: x\ntimeout: 90s\n" + STAGES).timeout());
        assertEquals(Duration.ofSeconds(3723), valid("image: x\ntimeout: 1H2M3S\n" + STAGES).timeout());
        assertEquals(Duration.ofMinutes(60), valid("image: x\n" + STAGES).timeout());
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
        assertEquals("2h5s", Durations.format(Duration.ofSeconds(7205)));
    }

    @Test
    public void envListAndMapFormsAreEquivalent() {
        PipelineFile list = valid("image: x\nenv: [A=1, B=, C=x=y]\n" + STAGES);
        PipelineFile map = valid("image: x\nenv: {A: 1, B: '', C: x=y}\n" + STAGES);
        assertEquals(Map.of("A", "1", "B", "", "C", "x=y"), list.env());
        assertEquals(list.env(), map.env());
        assertEquals("order is kept", List.of("A", "B", "C"), List.copyOf(list.env().keySet()));
    }

    @Test
    public void settingABuiltinVariableIsAWarning() {
        ParseResult r = parse("image: x\nenv: [GIT_HASH=abc]\n" + STAGES);
        assertTrue(r.isValid());
        assertEquals("ocelot.yml:2:7: warning: 'GIT_HASH' is set by Ocelot in every stage; this value is ignored",
                r.warnings().get(0).toString());
    }

    @Test
    public void yamlBooleansAndNumbersAreReadAsWritten() {
        PipelineFile f = valid("image: x\nenv: {A: yes, B: 1.10, C: 0x1F, D: ~x}\n"
                + "notify:\n  slack:\n    channel: c\n    on: [pass]\n" + STAGES);
        assertEquals(Map.of("A", "yes", "B", "1.10", "C", "0x1F", "D", "~x"), f.env());
        assertEquals(java.util.Set.of(Notify.On.PASS), f.notifications().slack().on());
    }

    @Test
    public void everyProblemIsReportedAtOnceInFileOrder() {
        ParseResult r = parse("""
                stages:
                  - name: b
                    script: []
                  - name: b
                    scripts: [x]
                image: x
                machineTag: y
                timeout: soon
                """);
        assertFalse(r.isValid());
        List<String> lines = r.problems().stream().map(Problem::toString).toList();
        assertEquals(String.join("\n", lines), List.of(
                "ocelot.yml:3:13: 'script' of stage 'b' is empty: list at least one shell line",
                "ocelot.yml:4:5: stage 'b' has no 'script': list the shell lines it runs",
                "ocelot.yml:4:11: duplicate stage name 'b' (first at line 2)",
                "ocelot.yml:5:5: unknown key 'scripts' in a stage — did you mean 'script'?",
                "ocelot.yml:7:1: set either 'image' or 'machineTag', not both",
                "ocelot.yml:8:10: 'timeout': invalid duration 'soon': use hours, minutes and seconds such as 90s, 45m or 1h30m"),
                lines);
        assertEquals(String.join("\n", lines), r.report());
    }

    @Test
    public void windowsLineEndingsAndAByteOrderMarkAreFine() {
        byte[] crlf = ("image: x\r\n" + STAGES.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
        assertTrue(PipelineParser.parse("f", crlf).isValid());
        byte[] bom = ("\uFEFFimage: x\n" + STAGES).getBytes(StandardCharsets.UTF_8);
        assertTrue(PipelineParser.parse("f", bom).report(), PipelineParser.parse("f", bom).isValid());
        ParseResult bad = PipelineParser.parse("f", ("image: x\r\nbuildTool: [\r\n").getBytes(StandardCharsets.UTF_8));
        assertEquals("CRLF counts as one line end", 3, onlyError(bad).line());
    }

    @Test
    public void nonUtf8BytesAreReportedWhereTheyAre() {
        byte[] latin1 = ("image: x\nbuildTool: caf\u00e9\n" + STAGES).getBytes(StandardCharsets.ISO_8859_1);
        Problem p = onlyError(PipelineParser.parse("f", latin1));
        assertEquals("f:2:15: file is not valid UTF-8 (byte 0xE9); save it as UTF-8", p.toString());
        byte[] utf16 = ("image: x\n" + STAGES).getBytes(StandardCharsets.UTF_16);
        assertEquals("f:1:1: file is UTF-16; save ocelot.yml as UTF-8", onlyError(PipelineParser.parse("f", utf16)).toString());
    }

    @Test
    public void binaryContentIsReportedAsSuch() {
        byte[] nul = "image: x\nbuild\0Tool: a\n".getBytes(StandardCharsets.UTF_8);
        assertEquals("f:2:6: file contains a NUL byte: this is a binary file, not YAML",
                onlyError(PipelineParser.parse("f", nul)).toString());
    }

    @Test
    public void fileSizeIsCapped() {
        String big = "image: x\n" + STAGES + "# " + "x".repeat(YamlLoader.MAX_BYTES) + "\n";
        Problem p = onlyError(parse(big));
        assertEquals(1, p.line());
        assertTrue(p.message(), p.message().startsWith("file is too large: " + big.length() + " bytes; an ocelot.yml may have at most 262144 bytes"));
        String justUnder = "image: x\n" + STAGES + "#" + "x".repeat(YamlLoader.MAX_BYTES - 100) + "\n";
        assertTrue(parse(justUnder).isValid());
    }

    @Test
    public void aliasBombsStopEarlyWithAClearError() {
        StringBuilder b = new StringBuilder("image: x\na0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            b.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 9; j++) {
                b.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            b.append("]\n");
        }
        Problem p = parse(b.toString()).errors().get(0);
        assertTrue(p.message(), p.message().startsWith("too many aliases to lists or maps (more than 20)"));
        assertEquals("at the alias that went over the limit", 5, p.line());
    }

    @Test
    public void deepNestingIsReportedNotRecursedInto() {
        String deep = "image: x\nenv: " + "[".repeat(1000) + "]".repeat(1000) + "\n" + STAGES;
        Problem p = parse(deep).errors().get(0);
        assertTrue(p.message(), p.message().startsWith("nested too deeply (more than 32 levels)"));
        assertEquals(2, p.line());
    }

    @Test
    public void selfReferencingAliasesDoNotLoop() {
        ParseResult r = parse("image: x\nbranches: &b [*b]\nenv: &e [*e]\n" + STAGES);
        assertFalse(r.isValid());
        assertTrue(r.report(), r.report().contains("'branches': expected a list of strings, but this item is a list"));
    }

    @Test
    public void aliasesToScalarsAndListsAreAllowed() {
        PipelineFile f = valid("image: &img x\nbuildTool: *img\nbranches: &br [main]\nstages:\n"
                + "  - name: a\n    script: [make]\n    trigger: {branches: *br}\n");
        assertEquals("x", f.buildTool());
        assertTrue(f.stages().get(0).branches().matches("main"));
    }

    @Test
    public void triggerErrorColumnsAccountForYamlQuoting() {
        String base = "image: x\nstages:\n  - name: a\n    script: [x]\n    triggers:\n";
        assertEquals("plain: offset from the scalar", 19, onlyError(parse(base + "      - \\branch a \\ b\n")).column());
        assertEquals("single quoted: one more for the quote", 20,
                onlyError(parse(base + "      - '\\branch a \\ b'\n")).column());
        assertEquals("double quoted with escapes: the start of the text", 10,
                onlyError(parse(base + "      - \"\\\\branch a \\\\ b\"\n")).column());
        Problem block = onlyError(parse(base + "      - >-\n        \\branch a ||\n"));
        assertEquals("block scalars: the start of the scalar", 6, block.line());
    }

    @Test
    public void aSingleScriptStringIsOneScriptEntry() {
        PipelineFile f = valid("image: x\nstages:\n  - name: a\n    script: make && make test\n");
        assertEquals(List.of("make && make test"), f.stages().get(0).script());
    }

    @Test
    public void stageWithTriggerAndTriggersKeepsBoth() {
        PipelineFile f = valid("image: x\nstages:\n  - name: a\n    script: [x]\n    trigger: {branches: [main]}\n"
                + "    triggers: ['\\text go']\n");
        StageSpec s = f.stages().get(0);
        assertTrue(s.branches().matches("main"));
        assertEquals(1, s.triggers().size());
        assertEquals(3, s.line());
    }

    @Test
    public void catastrophicBranchRegexGivesUpInsteadOfHanging() {
        PipelineFile f = valid("image: x\nbranches: ['(a+)+$']\n" + STAGES);
        assertTrue(f.branches().matches("aaaa"));
        assertFalse(f.branches().matches("a".repeat(60) + "!"));
    }

    @Test
    public void keySuggestionsAreOnlyForNearMisses() {
        assertEquals("stages", KeySuggester.nearest("stage", PipelineKeys.TOP).orElseThrow());
        assertEquals("machineTag", KeySuggester.nearest("MACHINE_TAG", PipelineKeys.TOP).orElseThrow());
        assertEquals("buildTool", KeySuggester.nearest("buildtol", PipelineKeys.TOP).orElseThrow());
        assertTrue(KeySuggester.nearest("foo", PipelineKeys.TOP).isEmpty());
        assertTrue(KeySuggester.nearest("environment", PipelineKeys.STAGE).isEmpty());
        assertEquals(3, KeySuggester.distance("kitten", "sitting"));
    }
}

package io.ocelot.core.lang;

import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** The top-level {@code tags} list: read like {@code branches}, its mistakes reported at FILE:LINE:COLUMN. */
public class TagsParserTest {
    private static final String STAGES = "stages:\n  - name: s\n    script: [x]\n";

    private static ParseResult parse(String yaml) {
        return PipelineParser.parse("ocelot.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> problems(ParseResult r) {
        return r.problems().stream().map(Problem::toString).toList();
    }

    @Test
    public void tagsAreRegularExpressionsOnTheWholeName() {
        ParseResult r = parse("image: x\ntags: ['v[0-9]+', release-.*]\n" + STAGES);
        assertTrue(r.report(), r.isValid());
        BranchFilter tags = r.pipeline().tags();
        assertTrue(tags.matches("v12"));
        assertTrue(tags.matches("release-2024"));
        assertFalse("whole name only", tags.matches("v12-rc"));
    }

    @Test
    public void aFileWithoutTagsSelectsEveryTag() {
        ParseResult r = parse("image: x\n" + STAGES);
        assertTrue(r.pipeline().tags().matches("anything"));
        assertEquals(BranchFilter.ALL_BRANCHES, r.pipeline().tags());
    }

    @Test
    public void anInvalidTagPatternIsReportedWhereItsMistakeIs() {
        ParseResult r = parse("image: x\ntags: [ok, 'v[0-9']\n" + STAGES);
        assertFalse(r.isValid());
        assertEquals(List.of("ocelot.yml:2:17: 'tags': invalid regular expression 'v[0-9': Unclosed character class"),
                problems(r));
    }

    @Test
    public void tagsMustBeAList() {
        ParseResult r = parse("image: x\ntags: {v1: yes}\n" + STAGES);
        assertFalse(r.isValid());
        assertEquals(1, r.problems().size());
        assertTrue(problems(r).get(0), problems(r).get(0).startsWith("ocelot.yml:2:7: 'tags': "));
    }

    @Test
    public void aMisspeltTagsKeyGetsASuggestion() {
        ParseResult r = parse("image: x\ntag: [v1]\n" + STAGES);
        assertFalse(r.isValid());
        assertEquals(List.of("ocelot.yml:2:1: unknown key 'tag' — did you mean 'tags'?"), problems(r));
    }

    @Test
    public void settingAPullRequestVariableWarnsThatPullRequestBuildsIgnoreIt() {
        ParseResult r = parse("image: x\nenv: [PR_ID=1, GIT_TAG=v]\n" + STAGES);
        assertTrue(r.isValid());
        assertEquals(List.of(
                "ocelot.yml:2:7: warning: 'PR_ID' is set by Ocelot in pull-request builds, where this value is ignored",
                "ocelot.yml:2:16: warning: 'GIT_TAG' is set by Ocelot in tag builds, where this value is ignored"),
                r.warnings().stream().map(Problem::toString).toList());
    }
}

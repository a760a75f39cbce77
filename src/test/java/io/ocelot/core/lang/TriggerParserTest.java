package io.ocelot.core.lang;

import org.junit.Test;

import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

/** The trigger directive grammar: sections, value joiners, and/or precedence, and what each section matches. */
public class TriggerParserTest {

    private static TriggerExpression parse(String s) {
        try {
            return TriggerParser.parse(s);
        } catch (TriggerSyntaxException e) {
            throw new AssertionError("unexpected syntax error at " + e.offset() + ": " + e.getMessage());
        }
    }

    private static TriggerSyntaxException error(String s) {
        try {
            TriggerParser.parse(s);
        } catch (TriggerSyntaxException e) {
            return e;
        }
        throw new AssertionError("expected a syntax error for " + s);
    }

    private static TriggerFacts facts(String branch, List<String> messages, List<String> paths) {
        return new TriggerFacts(branch, messages, paths);
    }

    @Test
    public void andBindsTighterThanOr() {
        assertEquals("(\\branch main or (\\text deploy and \\filepath src/))",
                parse("\\branch main or \\text deploy and \\filepath src/").toString());
        assertEquals("((\\branch main and \\text deploy) or \\filepath src/)",
                parse("\\branch main and \\text deploy or \\filepath src/").toString());
        assertEquals("((\\branch a and \\branch b) or (\\text c and \\text d))",
                parse("\\branch a and \\branch b or \\text c and \\text d").toString());
    }

    @Test
    public void precedenceDecidesWhatRuns() {
        TriggerExpression e = parse("\\branch main or \\text deploy and \\filepath src/");
        assertTrue("main alone is enough", e.matches(facts("main", List.of(), List.of())));
        assertTrue("deploy AND src/ on another branch", e.matches(facts("dev", List.of("please deploy"), List.of("src/A.java"))));
        assertFalse("deploy without src/ is not enough (the original dropped a section here)",
                e.matches(facts("dev", List.of("please deploy"), List.of("docs/x.md"))));
        assertFalse("src/ without deploy is not enough", e.matches(facts("dev", List.of("fix"), List.of("src/A.java"))));
    }

    @Test
    public void keywordsAreCaseInsensitive() {
        TriggerExpression e = parse("\\BRANCH main OR \\Text deploy AnD \\FilePath src/");
        assertEquals("(\\branch main or (\\text deploy and \\filepath src/))", e.toString());
    }

    @Test
    public void orValuesMeanAny() {
        TriggerExpression e = parse("\\branch main || develop");
        assertTrue(e.matches(facts("main", List.of(), List.of())));
        assertTrue(e.matches(facts("develop", List.of(), List.of())));
        assertFalse(e.matches(facts("feature", List.of(), List.of())));
    }

    @Test
    public void andValuesMeanAll() {
        TriggerExpression e = parse("\\text deploy && prod");
        assertTrue("both words, across the pushed commits", e.matches(facts("x", List.of("deploy now", "to prod"), List.of())));
        assertFalse(e.matches(facts("x", List.of("deploy now"), List.of())));
    }

    @Test
    public void valuesNeedNoSpacesAroundJoiners() {
        assertEquals("\\branch main || develop", parse("\\branch main||develop").toString());
        assertEquals("\\filepath a && b", parse("\\filepath a&&b").toString());
    }

    @Test
    public void branchValuesAreWholeNameRegexes() {
        TriggerExpression e = parse("\\branch release/.*");
        assertTrue(e.matches(facts("release/1.0", List.of(), List.of())));
        assertFalse(e.matches(facts("old-release/1.0", List.of(), List.of())));
        assertFalse("not a substring", parse("\\branch main").matches(facts("maintenance", List.of(), List.of())));
        assertTrue("a single | is regex alternation", parse("\\branch main|dev").matches(facts("dev", List.of(), List.of())));
    }

    @Test
    public void textIsASubstringOfAnyPushedMessage() {
        TriggerExpression e = parse("\\text [deploy]");
        assertTrue(e.matches(facts("b", List.of("first", "fix things [deploy]"), List.of())));
        assertFalse("case-sensitive", e.matches(facts("b", List.of("[DEPLOY]"), List.of())));
        assertFalse("no messages, no match", e.matches(facts("b", List.of(), List.of())));
    }

    @Test
    public void filepathIsASubstringOfAnyChangedPath() {
        TriggerExpression e = parse("\\filepath src/main");
        assertTrue(e.matches(facts("b", List.of(), List.of("README.md", "module/src/main/A.java"))));
        assertFalse(e.matches(facts("b", List.of(), List.of("src/test/A.java"))));
    }

    @Test
    public void quotedValuesKeepBlanksKeywordsAndBackslashes() {
        TriggerExpression e = parse("\\text \"ship it\" || \"and\" || \"\\deploy\"");
        assertTrue(e.matches(facts("b", List.of("we ship it"), List.of())));
        assertTrue(e.matches(facts("b", List.of("this and that"), List.of())));
        assertTrue(e.matches(facts("b", List.of("run \\deploy"), List.of())));
        assertFalse(e.matches(facts("b", List.of("ship"), List.of())));
        assertEquals("\\text \"ship it\" || \"and\" || \"\\deploy\"", e.toString());
    }

    @Test
    public void errorsCarryTheOffsetOfTheMistake() {
        assertEquals(20, error("\\branch main || dev && x").offset());
        assertEquals(0, error("\\brnach main").offset());
        assertEquals(13, error("\\branch main develop").offset());
        assertEquals(13, error("\\branch main and").offset());
        assertEquals(6, error("\\text \"unclosed").offset());
        assertEquals("the end of 'rel(ease', where the group should have closed", 16, error("\\branch rel(ease").offset());
        assertEquals(0, error("   ").offset());
    }

    @Test
    public void errorMessagesSayWhatIsWrong() {
        assertTrue(error("\\branch a || b && c").getMessage().contains("cannot mix '||' and '&&'"));
        assertTrue(error("\\brnach main").getMessage().contains("did you mean '\\branch'?"));
        assertTrue(error("\\commit x").getMessage().contains("sections are \\branch, \\text and \\filepath"));
        assertTrue(error("main").getMessage().contains("expected a section"));
        assertTrue(error("\\branch").getMessage().contains("expected a value after '\\branch'"));
        assertTrue(error("\\branch a ||").getMessage().contains("expected a value after '||'"));
        assertTrue(error("\\branch a or").getMessage().contains("'or' must be followed by a section"));
        assertTrue(error("\\branch a \\text b").getMessage().contains("expected '||', '&&', 'and' or 'or' before '\\text'"));
        assertTrue(error("\\branch [").getMessage().contains("invalid branch regular expression '['"));
    }

    @Test
    public void everyWellFormedShapeParses() {
        for (String ok : List.of("\\branch main", "\\text a", "\\filepath b", "\\branch a || b || c",
                "\\text a && b && c", "\\branch a or \\branch b or \\branch c", "\\branch a and \\text b and \\filepath c",
                "  \\branch   main   ", "\\branch ALL")) {
            parse(ok);
        }
        try {
            TriggerParser.parse("\\branch a || b && c");
            fail();
        } catch (TriggerSyntaxException expected) {
            // mixing is never accepted, whatever the order
        }
    }
}

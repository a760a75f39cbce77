package io.ocelot.core.plan;

import io.ocelot.core.lang.ParseResult;
import io.ocelot.core.lang.PipelineFile;
import io.ocelot.core.lang.PipelineParser;
import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** Issue 14: what one event may cost the planner, whatever the file and the push hold. */
public class HostilePlanningTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    private static PipelineFile file(String yaml) {
        ParseResult r = PipelineParser.parse("ocelot.yml", yaml.getBytes(StandardCharsets.UTF_8));
        assertTrue(r.report(), r.isValid());
        return r.pipeline();
    }

    /** The branch is copied into every stage's GIT_BRANCH: a long one times many stages is refused, not stored. */
    @Test(timeout = 60_000)
    public void aLongBranchCannotMakeThePlanHuge() {
        StringBuilder b = new StringBuilder("image: ocelot/busybox\nstages:\n");
        for (int i = 0; i < 1000; i++) {
            b.append("  - {name: s").append(i).append(", script: [make]}\n");
        }
        PipelineFile f = file(b.toString());
        assertTrue("an ordinary branch plans", new Planner().plan(f, BuildEvent.push("main", SHA, List.of(), List.of()))
                .shouldBuild());
        Decision d = new Planner().plan(f, BuildEvent.push("x/".repeat(1100), SHA, List.of(), List.of()));
        assertTrue("refused: " + d.reason(), d.failed());
        assertTrue(d.reason(), d.reason().contains("more than " + PipelineFile.MAX_PLAN_CHARS + ": the branch name "
                + "(2200 characters) is copied into GIT_BRANCH of each of the 1000 stages"));
        assertTrue("the branch is shown cut short", d.reason().length() < 400);
    }

    /** \text and \filepath directives scan every commit message and path: they draw from the same budget. */
    @Test(timeout = 60_000)
    public void textDirectivesShareTheEventsBudget() {
        StringBuilder b = new StringBuilder("image: ocelot/busybox\nstages:\n  - name: deploy\n    script: [make]\n"
                + "    triggers:\n");
        for (int i = 0; i < 100; i++) {
            b.append("      - \\text never").append(i).append('\n');
        }
        List<String> messages = Collections.nCopies(1000, "m".repeat(1000));
        Decision d = new Planner().plan(file(b.toString()), BuildEvent.push("main", SHA, messages, List.of()));
        assertTrue("refused: " + d.reason(), d.failed());
        // 1000 messages of 1 001 steps each: the tenth directive finds the budget spent
        assertTrue(d.reason(), d.reason().startsWith("ocelot.yml:15:9: trigger value 'never9' could not be checked: "
                + "the directives of this file used up the matching budget of one event"));
    }

    /**
     * Issue 14.5: java.util.regex recurses per repetition of an alternation group. A branch so long that even the
     * deep stack overflows is a reason, never a StackOverflowError.
     */
    @Test(timeout = 60_000)
    public void aStackOverflowInMatchingIsAReasonNotAThrowable() {
        PipelineFile f = file("image: ocelot/busybox\nbranches: ['(\\w|/|-)*']\nstages: [{name: a, script: [b]}]\n");
        Decision d = new Planner().plan(f, BuildEvent.push("ab/-".repeat(1_000_000), SHA, List.of(), List.of()));
        assertFalse(d.shouldBuild());
        assertTrue("failed: " + d.reason(), d.failed());
        assertTrue(d.reason(), d.reason().startsWith("ocelot.yml:2:13: branch pattern '(\\w|/|-)*' could not be "
                + "matched against branch 'ab/-ab/-"));
        assertTrue(d.reason(), d.reason().contains("ran out of stack on this 4000000-character branch"));
    }
}

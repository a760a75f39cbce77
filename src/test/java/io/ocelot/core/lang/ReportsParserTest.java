package io.ocelot.core.lang;

import org.junit.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

/** A stage's {@code reports: {junit: [globs]}}: read into the stage, its mistakes reported at FILE:LINE:COLUMN. */
public class ReportsParserTest {
    private static ParseResult parse(String stageExtra) {
        String yaml = "image: x\nstages:\n  - name: test\n    script: [mvn test]\n" + stageExtra;
        return PipelineParser.parse("ocelot.yml", yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> problems(ParseResult r) {
        return r.problems().stream().map(Problem::toString).toList();
    }

    @Test
    public void junitGlobsAreCarriedIntoTheStageAndThePlan() {
        ParseResult r = parse("    reports:\n      junit: ['target/surefire-reports/*.xml', '**/TEST-*.xml']\n");
        assertTrue(r.report(), r.isValid());
        assertEquals(List.of("target/surefire-reports/*.xml", "**/TEST-*.xml"), r.pipeline().stages().get(0).junitReports());
    }

    @Test
    public void aSingleGlobIsAOneGlobList() {
        ParseResult r = parse("    reports: {junit: report.xml}\n");
        assertTrue(r.report(), r.isValid());
        assertEquals(List.of("report.xml"), r.pipeline().stages().get(0).junitReports());
    }

    @Test
    public void aStageWithoutReportsHasNone() {
        assertEquals(List.of(), parse("").pipeline().stages().get(0).junitReports());
    }

    @Test
    public void aMisspeltReportKindGetsASuggestion() {
        ParseResult r = parse("    reports:\n      junits: [a.xml]\n");
        assertFalse(r.isValid());
        assertTrue(problems(r).toString(), problems(r).get(0).startsWith("ocelot.yml:6:7: unknown key 'junits'"));
        assertTrue(problems(r).toString(), problems(r).get(0).contains("did you mean 'junit'"));
    }

    @Test
    public void aMisspeltReportsKeyGetsASuggestion() {
        ParseResult r = parse("    report:\n      junit: [a.xml]\n");
        assertFalse(r.isValid());
        assertTrue(problems(r).toString(), problems(r).get(0).contains("did you mean 'reports'"));
    }

    @Test
    public void aBadGlobIsReportedAtTheCharacterItGoesWrong() {
        ParseResult r = parse("    reports:\n      junit: ['ok/*.xml', 'build/[abc.xml']\n");
        assertFalse(r.isValid());
        assertEquals(List.of("ocelot.yml:6:34: 'reports.junit': bad glob 'build/[abc.xml': '[' is not closed by ']'"),
                problems(r));
    }

    @Test
    public void aGlobOutsideTheWorkspaceIsRefused() {
        assertEquals(List.of("ocelot.yml:5:22: 'reports.junit': bad glob '/tmp/*.xml': the glob must be relative to "
                + "the workspace, not start with '/'"), problems(parse("    reports: {junit: /tmp/*.xml}\n")));
        assertEquals(List.of("ocelot.yml:5:24: 'reports.junit': bad glob '../x.xml': '..' would leave the workspace"),
                problems(parse("    reports: {junit: ['../x.xml']}\n")));
    }

    @Test
    public void reportsNeedsJunitAndJunitNeedsAGlob() {
        assertTrue(problems(parse("    reports: {}\n")).get(0).contains("'reports' needs 'junit'"));
        assertTrue(problems(parse("    reports: {junit: []}\n")).get(0).contains("'reports.junit' is empty"));
        assertTrue(problems(parse("    reports: {junit: {a: b}}\n")).get(0).contains("expected a list of strings"));
    }

    @Test
    public void globsMatchAsDocumented() {
        Pattern p = ReportGlob.compile("**/TEST-*.xml");
        assertTrue(p.matcher("TEST-a.xml").matches());
        assertTrue(p.matcher("mod/target/surefire-reports/TEST-a.xml").matches());
        assertFalse(p.matcher("mod/TEST-a.txt").matches());
        Pattern q = ReportGlob.compile("target/*-reports/{TEST,junit}-?.xml");
        assertTrue(q.matcher("target/surefire-reports/junit-1.xml").matches());
        assertFalse("* stays within a directory", q.matcher("target/a/b-reports/TEST-1.xml").matches());
        assertTrue(ReportGlob.compile("reports/[!x]*.xml").matcher("reports/a.xml").matches());
        assertFalse(ReportGlob.compile("reports/[!x]*.xml").matcher("reports/x.xml").matches());
        assertEquals("target/surefire-reports/", ReportGlob.fixedPrefix("target/surefire-reports/*.xml"));
    }
}

package io.ocelot.werker.engine.reports;

import io.ocelot.core.build.TestFailure;
import io.ocelot.core.build.TestReport;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

/**
 * JUnit reports as Surefire, Gradle, pytest and jest-junit write them, read from a real workspace directory; broken,
 * huge and hostile (XXE) files are warnings in the log, never a failed read of the others.
 */
public class TestReportCollectorTest {
    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<String> log = new ArrayList<>();

    private Path ws() throws IOException {
        return tmp.getRoot().toPath();
    }

    private void write(String rel, String text) throws IOException {
        Path p = ws().resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private TestReport collect(String... globs) throws IOException {
        return TestReportCollector.collect(List.of(globs), new HostReportFiles(ws()), log::add);
    }

    static final String SUREFIRE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="com.acme.CartTest" time="0.1" tests="4" errors="1" skipped="1" failures="1">
              <properties><property name="java.version" value="17"/></properties>
              <testcase name="addsItems" classname="com.acme.CartTest" time="0.01"/>
              <testcase name="totals" classname="com.acme.CartTest" time="0.02">
                <failure message="expected:&lt;3&gt; but was:&lt;2&gt;" type="java.lang.AssertionError"><![CDATA[java.lang.AssertionError: expected:<3> but was:<2>
            \tat org.junit.Assert.fail(Assert.java:89)
            \tat org.junit.Assert.assertEquals(Assert.java:146)
            \tat com.acme.CartTest.totals(CartTest.java:42)
            \tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)
            ]]></failure>
                <system-out><![CDATA[at com.acme.Noise.x(Noise.java:1)]]></system-out>
              </testcase>
              <testcase name="discounts" classname="com.acme.CartTest"><error message="boom" type="java.lang.IllegalStateException">java.lang.IllegalStateException: boom
            \tat com.acme.Discounts.apply(Discounts.java:17)
            \tat com.acme.CartTest.discounts(CartTest.java:50)</error></testcase>
              <testcase name="later" classname="com.acme.CartTest"><skipped message="not yet"/></testcase>
            </testsuite>
            """;

    @Test
    public void surefireCountsCasesAndPointsAtTheTestsOwnFrame() throws IOException {
        write("target/surefire-reports/TEST-com.acme.CartTest.xml", SUREFIRE);
        write("target/surefire-reports/com.acme.CartTest.txt", "not a report");
        TestReport r = collect("target/surefire-reports/*.xml");
        assertEquals("1 passed, 2 failed, 1 skipped", r.summary());
        TestFailure f = r.failures().get(0);
        assertEquals("com.acme.CartTest", f.suite());
        assertEquals("totals", f.test());
        assertEquals("expected:<3> but was:<2>", f.message());
        assertEquals("com/acme/CartTest.java", f.file());
        assertEquals(Integer.valueOf(42), f.line());
        assertTrue(f.trace(), f.trace().startsWith("java.lang.AssertionError: expected:<3> but was:<2>\n"));
        TestFailure error = r.failures().get(1);
        assertEquals("the test's class wins over the frame that threw", "com/acme/CartTest.java", error.file());
        assertEquals(Integer.valueOf(50), error.line());
        assertTrue(log.toString(), log.contains("tests: 1 passed, 2 failed, 1 skipped (1 report file)"));
        assertTrue(log.toString(), log.contains("failed: com.acme.CartTest > totals: expected:<3> but was:<2> "
                + "(com/acme/CartTest.java:42)"));
    }

    @Test
    public void gradleReportsUnderAnyModuleMatchDoubleStar() throws IOException {
        String gradle = """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="app.MathTest" tests="2" skipped="0" failures="1" errors="0" timestamp="2024-01-01T00:00:00" hostname="h" time="0.02">
                  <properties/>
                  <testcase name="adds()" classname="app.MathTest" time="0.001"/>
                  <testcase name="divides()" classname="app.MathTest" time="0.01">
                    <failure message="org.opentest4j.AssertionFailedError: expected: &lt;2&gt; but was: &lt;3&gt;" type="org.opentest4j.AssertionFailedError">org.opentest4j.AssertionFailedError: expected: &lt;2&gt; but was: &lt;3&gt;
                	at app//org.junit.jupiter.api.AssertionUtils.fail(AssertionUtils.java:151)
                	at app//app.MathTest.divides(MathTest.kt:12)
                </failure>
                  </testcase>
                  <system-out><![CDATA[]]></system-out>
                </testsuite>
                """;
        write("lib/build/test-results/test/TEST-app.MathTest.xml", gradle);
        write("TEST-top.xml", "<testsuite name='top'><testcase classname='t' name='a'/></testsuite>");
        TestReport r = collect("**/TEST-*.xml");
        assertEquals("2 passed, 1 failed, 0 skipped", r.summary());
        assertEquals("app/MathTest.kt", r.failures().get(0).file());
        assertEquals(Integer.valueOf(12), r.failures().get(0).line());
    }

    @Test
    public void pytestPointsAtThePythonFileAndLine() throws IOException {
        write("report.xml", """
                <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="1" skipped="1" tests="3" time="0.05">
                <testcase classname="tests.test_calc" name="test_add" time="0.001" />
                <testcase classname="tests.test_calc" name="test_div" time="0.002"><failure message="assert 3 == 2">def test_div():
                &gt;       assert divide(6, 2) == 2
                E       assert 3 == 2

                tests/test_calc.py:12: AssertionError</failure></testcase>
                <testcase classname="tests.test_calc" name="test_skip" time="0.000"><skipped type="pytest.skip" message="later">tests/test_calc.py:15: later</skipped></testcase>
                </testsuite></testsuites>
                """);
        TestReport r = collect("report.xml");
        assertEquals("1 passed, 1 failed, 1 skipped", r.summary());
        TestFailure f = r.failures().get(0);
        assertEquals("tests.test_calc", f.suite());
        assertEquals("test_div", f.test());
        assertEquals("assert 3 == 2", f.message());
        assertEquals("tests/test_calc.py", f.file());
        assertEquals(Integer.valueOf(12), f.line());
    }

    @Test
    public void jestPointsAtTheTestFileNotNodeModules() throws IOException {
        write("reports/junit.xml", """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuites name="jest tests" tests="2" failures="1" errors="0" time="1.2">
                  <testsuite name="sum" errors="0" failures="1" skipped="0" timestamp="2024-01-01T00:00:00" time="1.1" tests="2">
                    <testcase classname="sum adds" name="sum adds" time="0.002"></testcase>
                    <testcase classname="sum subtracts" name="sum subtracts" time="0.003">
                      <failure>Error: expect(received).toBe(expected) // Object.is equality

                Expected: 1
                Received: 2
                    at Object.toBe (/workspace/node_modules/expect/build/index.js:1:1)
                    at Object.&lt;anonymous&gt; (/workspace/src/sum.test.js:7:13)
                    at Promise.then.completed (/workspace/node_modules/jest-circus/build/utils.js:298:28)</failure>
                    </testcase>
                  </testsuite>
                </testsuites>
                """);
        TestReport r = collect("reports/*.xml");
        assertEquals("1 passed, 1 failed, 0 skipped", r.summary());
        TestFailure f = r.failures().get(0);
        assertEquals("Error: expect(received).toBe(expected) // Object.is equality", f.message());
        assertEquals("/workspace/src/sum.test.js", f.file());
        assertEquals(Integer.valueOf(7), f.line());
    }

    @Test
    public void aMalformedFileIsAWarningAndTheOthersStillCount() throws IOException {
        write("r/good.xml", "<testsuite name='s'><testcase classname='c' name='a'/></testsuite>");
        write("r/broken.xml", "<testsuite name='s'><testcase classname='c' name='b'><failure>");
        write("r/other.xml", "<html><body>not a report</body></html>");
        TestReport r = collect("r/*.xml");
        assertEquals("1 passed, 0 failed, 0 skipped", r.summary());
        assertEquals(r.warnings().toString(), 2, r.warnings().size());
        assertTrue(log.toString(), log.stream().anyMatch(l -> l.startsWith("warning: skipped the report r/broken.xml: "
                + "it is not well-formed XML at line 1")));
        assertTrue(log.toString(), log.contains("warning: skipped the report r/other.xml: its root element is <html>, "
                + "not <testsuites> or <testsuite>"));
    }

    @Test
    public void anXxeAttemptIsRefusedAndNothingIsRead() throws IOException {
        Path secret = tmp.newFile("secret.txt").toPath();
        Files.writeString(secret, "TOP-SECRET");
        write("r/xxe.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM \"" + secret.toUri()
                + "\">]>\n<testsuite name='s'><testcase classname='c' name='a'><failure message='m'>&xxe;</failure>"
                + "</testcase></testsuite>");
        write("r/bomb.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE t [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<testsuite><testcase name='x'><failure>&b;</failure></testcase></testsuite>");
        TestReport r = collect("r/*.xml");
        assertEquals(0, r.total());
        assertFalse(log.toString(), log.toString().contains("TOP-SECRET"));
        assertEquals(log.toString(), 2, r.warnings().size());
        assertTrue(log.toString(), r.warnings().stream().allMatch(w -> w.contains("refused")));
    }

    @Test
    public void aHugeFileIsSkippedWithoutBeingRead() throws IOException {
        Path big = ws().resolve("r/huge.xml");
        Files.createDirectories(big.getParent());
        try (var ch = java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("<testsuite>".getBytes(StandardCharsets.UTF_8)),
                    TestReportCollector.MAX_FILE_BYTES + 10); // sparse: large on paper, nothing on disk
        }
        write("r/small.xml", "<testsuite name='s'><testcase classname='c' name='a'/></testsuite>");
        TestReport r = collect("r/*.xml");
        assertEquals("1 passed, 0 failed, 0 skipped", r.summary());
        assertTrue(log.toString(), log.stream().anyMatch(l -> l.startsWith("warning: skipped the report r/huge.xml: ")
                && l.contains("over the cap of " + TestReportCollector.MAX_FILE_BYTES)));
    }

    @Test
    public void failuresAreKeptWithinTheirBudgetAndAllAreCounted() throws IOException {
        StringBuilder xml = new StringBuilder("<testsuite name='s'>");
        String trace = ("x".repeat(400) + "\n").repeat(10);
        for (int i = 0; i < 150; i++) {
            xml.append("<testcase classname='c' name='t").append(i).append("'><failure message='m'>").append(trace)
                    .append("</failure></testcase>");
        }
        write("r/many.xml", xml.append("</testsuite>").toString());
        TestReport r = collect("r/*.xml");
        assertEquals(150, r.failed());
        assertTrue(r.failures().size() + " kept", r.failures().size() > 10 && r.failures().size() < TestReport.MAX_FAILURES);
        long chars = r.failures().stream().mapToLong(f -> f.trace().length() + f.message().length() + f.test().length()
                + f.suite().length()).sum();
        assertTrue(chars + " characters kept", chars <= TestReportCollector.MAX_FAILURE_CHARS);
    }

    @Test
    public void noMatchingFileIsAWarningWithEmptyCounts() throws IOException {
        TestReport r = collect("target/surefire-reports/*.xml");
        assertEquals(0, r.total());
        assertTrue(log.toString(), log.contains("warning: no file matches the stage's JUnit globs [target/surefire-reports/*.xml]"));
    }

    @Test
    public void aStageWithoutGlobsHasNoReport() throws IOException {
        assertNull(TestReportCollector.collect(List.of(), new HostReportFiles(ws()), log::add));
    }

    @Test
    public void aSymlinkOutOfTheWorkspaceIsNotFollowed() throws IOException {
        Path outside = tmp.newFolder("outside").toPath();
        Files.writeString(outside.resolve("TEST-x.xml"), "<testsuite><testcase classname='c' name='a'/></testsuite>");
        Path ws = tmp.newFolder("ws").toPath();
        Files.createSymbolicLink(ws.resolve("reports"), outside);
        TestReport r = TestReportCollector.collect(List.of("reports/*.xml"), new HostReportFiles(ws), log::add);
        assertEquals(0, r.total());
    }
}

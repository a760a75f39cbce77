package io.ocelot.werker.engine.reports;

import io.ocelot.core.build.TestFailure;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads one JUnit XML file as Surefire, Gradle, pytest and jest-junit write it: a {@code testsuites} or
 * {@code testsuite} root, suites possibly nested, each {@code testcase} passed unless it holds a {@code failure} or
 * {@code error} (failed) or {@code skipped} (skipped). The counts come from the cases, not from the suites'
 * attributes, which tools fill in differently. The parser is the JDK's StAX with DTDs and external entities off: a
 * file declaring an entity is refused (XXE), never resolved.
 */
public final class JunitXmlParser {
    /** Deeper than any real report; stops a file built to exhaust the stack of whoever walks it. */
    static final int MAX_DEPTH = 64;
    private static final XMLInputFactory FACTORY = hardenedFactory();

    /** A file that is not a readable JUnit report; the message says why, for the build log. */
    public static final class MalformedReport extends Exception {
        public MalformedReport(String message) {
            super(message);
        }
    }

    /** What one file holds. {@code failures} is in file order and bounded by the caller. */
    public interface Sink {
        void passed();

        void skipped();

        void failed(TestFailure failure);
    }

    private JunitXmlParser() {
    }

    private static XMLInputFactory hardenedFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory(); // the JDK's own, whatever else is on the class path
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    public static void parse(InputStream in, Sink sink) throws MalformedReport {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(in);
            Deque<String> suites = new ArrayDeque<>();
            boolean root = true;
            int depth = 0;
            while (r.hasNext()) {
                int ev = r.next();
                if (ev == XMLStreamConstants.DTD) {
                    throw new MalformedReport("it declares a DTD, which a test report never needs (refused, not read)");
                }
                if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw new MalformedReport("it refers to the entity '" + r.getLocalName() + "' (refused, not read)");
                }
                if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    if (r.getLocalName().equals("testsuite")) {
                        suites.pop();
                    }
                    continue;
                }
                if (ev != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if (++depth > MAX_DEPTH) {
                    throw new MalformedReport("elements are nested deeper than " + MAX_DEPTH);
                }
                String el = r.getLocalName();
                if (root) {
                    root = false;
                    if (!el.equals("testsuites") && !el.equals("testsuite")) {
                        throw new MalformedReport("its root element is <" + el + ">, not <testsuites> or <testsuite>");
                    }
                }
                if (el.equals("testsuite")) {
                    String name = r.getAttributeValue(null, "name");
                    suites.push(name == null ? "" : name);
                } else if (el.equals("testcase")) {
                    testcase(r, suites.isEmpty() ? "" : suites.peek(), sink);
                    depth--; // testcase() consumed up to its end element
                }
            }
            if (root) {
                throw new MalformedReport("it holds no XML element");
            }
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber();
            throw new MalformedReport("it is not well-formed XML" + where + ": " + firstLine(e.getMessage()));
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // nothing held but the stream, which the caller closes
                }
            }
        }
    }

    private static void testcase(XMLStreamReader r, String suiteName, Sink sink) throws XMLStreamException,
            MalformedReport {
        String classname = r.getAttributeValue(null, "classname");
        String name = r.getAttributeValue(null, "name");
        String suite = classname != null && !classname.isBlank() ? classname : suiteName;
        String outcome = null;
        String message = null;
        StringBuilder trace = new StringBuilder();
        int depth = 1;
        boolean inOutcome = false;
        while (depth > 0 && r.hasNext()) {
            int ev = r.next();
            if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
                throw new MalformedReport("it refers to the entity '" + r.getLocalName() + "' (refused, not read)");
            }
            if (ev == XMLStreamConstants.START_ELEMENT) {
                if (++depth > MAX_DEPTH) {
                    throw new MalformedReport("elements are nested deeper than " + MAX_DEPTH);
                }
                String el = r.getLocalName();
                if (depth == 2 && (el.equals("failure") || el.equals("error")
                        || (el.equals("skipped") && outcome == null))) {
                    if (!"failure".equals(outcome) && !"error".equals(outcome)) {
                        outcome = el;
                        message = r.getAttributeValue(null, "message");
                        trace.setLength(0);
                        inOutcome = !el.equals("skipped");
                    }
                }
            } else if (ev == XMLStreamConstants.END_ELEMENT) {
                depth--;
                if (depth == 1) {
                    inOutcome = false;
                }
            } else if (inOutcome && (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA)
                    && trace.length() < 64 * 1024) {
                trace.append(r.getText(), 0, Math.min(r.getTextLength(), 64 * 1024 - trace.length()));
            }
        }
        if (outcome == null) {
            sink.passed();
        } else if (outcome.equals("skipped")) {
            sink.skipped();
        } else {
            String text = trace.toString().strip();
            if (message == null || message.isBlank()) {
                message = text.isEmpty() ? outcome : firstLine(text);
            }
            TraceLocations.Location at = TraceLocations.find(text, classname);
            sink.failed(new TestFailure(suite, name == null ? "" : name, cut(message.strip(), TestFailure.MAX_MESSAGE),
                    firstLines(text, TestFailure.MAX_TRACE_LINES), at == null ? null : at.file(),
                    at == null ? null : at.line()));
        }
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static String firstLines(String s, int n) {
        List<String> lines = s.lines().limit(n).map(l -> cut(l, 500)).toList();
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}

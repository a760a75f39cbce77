package io.ocelot.plugin.ui;

import io.ocelot.core.api.LogPage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a build log into per-stage sections for the build page (and anything else that shows a log by stage).
 * <p>
 * Two sources of the boundaries, in this order:
 * <ol>
 * <li>Stage boundary marker lines in the stored log, one line each (1-based stage number, {@code /M} optional):
 * <pre>
 * ==> stage 2/3 test
 * &lt;== stage 2/3 test FAILED in 1m 05s
 * </pre>
 * {@link #HEADER} and {@link #END} are the one place that knows this format. Only Ocelot's own lines (stream
 * {@code SYSTEM}) count as markers, so a build that prints such a line cannot fake a stage. Lines before the first header and
 * between an end line and the next header form sections of their own (stage -1: Ocelot's own lines).</li>
 * <li>Without any header line: the stage each stored chunk was sent for (the werker tags every append with its stage
 * index), consecutive chunks of one stage forming one section; a chunk of no known stage forms an Ocelot section.</li>
 * </ol>
 * Nothing is dropped: the sections' texts joined, plus the marker lines, are the whole log.
 */
public final class LogSections {
    /** {@code ==> stage N[/M] NAME}. */
    public static final Pattern HEADER = Pattern.compile("==> stage (\\d+)(?:/\\d+)? (.+)");
    /** {@code <== stage N[/M] NAME RESULT in|after DURATION}. */
    public static final Pattern END = Pattern.compile("<== stage (\\d+)(?:/\\d+)? (.+) ([A-Z]+) (?:in|after) (.+)");

    /**
     * One part of the log. {@code stage}: 0-based stage index, -1 for lines outside a stage. {@code result} and
     * {@code duration} come from an end marker (empty without one).
     */
    public record Section(int stage, String title, String text, String result, String duration) {
    }

    private LogSections() {
    }

    /** @param stageNames the build's stages by index (names for chunk-tagged sections) */
    public static List<Section> split(List<LogPage.Chunk> chunks, List<String> stageNames) {
        if (chunks.stream().anyMatch(c -> isSystem(c) && hasHeader(c.text()))) {
            return byMarkers(chunks);
        }
        return byChunkStage(chunks, stageNames);
    }

    private static boolean isSystem(LogPage.Chunk c) {
        return "SYSTEM".equals(c.stream());
    }

    private static boolean hasHeader(String text) {
        for (String line : text.split("\n", -1)) {
            if (HEADER.matcher(stripCr(line)).matches()) {
                return true;
            }
        }
        return false;
    }

    private static List<Section> byMarkers(List<LogPage.Chunk> chunks) {
        List<Section> out = new ArrayList<>();
        int stage = -1;
        String title = "Ocelot";
        StringBuilder text = new StringBuilder();
        List<String[]> lines = new ArrayList<>(); // {line with its newline, "S" when a SYSTEM line}
        for (LogPage.Chunk c : chunks) {
            for (String raw : c.text().split("(?<=\n)")) {
                if (!raw.isEmpty()) {
                    lines.add(new String[]{raw, isSystem(c) ? "S" : ""});
                }
            }
        }
        for (String[] entry : lines) {
            String raw = entry[0];
            String line = stripCr(raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw);
            boolean system = !entry[1].isEmpty();
            Matcher header = HEADER.matcher(line);
            Matcher end = END.matcher(line);
            if (system && end.matches()) {
                out.add(new Section(Integer.parseInt(end.group(1)) - 1, end.group(2), text.toString(), end.group(3),
                        end.group(4)));
                stage = -1;
                title = "Ocelot";
                text.setLength(0);
            } else if (system && header.matches()) {
                if (text.length() > 0 || stage >= 0) {
                    out.add(new Section(stage, title, text.toString(), "", ""));
                }
                stage = Integer.parseInt(header.group(1)) - 1;
                title = header.group(2);
                text.setLength(0);
            } else {
                text.append(raw);
            }
        }
        if (text.length() > 0 || stage >= 0) {
            out.add(new Section(stage, title, text.toString(), "", ""));
        }
        return out;
    }

    private static List<Section> byChunkStage(List<LogPage.Chunk> chunks, List<String> stageNames) {
        List<Section> out = new ArrayList<>();
        int stage = Integer.MIN_VALUE;
        StringBuilder text = new StringBuilder();
        for (LogPage.Chunk c : chunks) {
            int s = c.stage() >= 0 && c.stage() < stageNames.size() ? c.stage() : -1;
            if (s != stage && text.length() > 0) {
                out.add(new Section(stage, title(stage, stageNames), text.toString(), "", ""));
                text.setLength(0);
            }
            stage = s;
            text.append(c.text());
        }
        if (text.length() > 0) {
            out.add(new Section(stage, title(stage, stageNames), text.toString(), "", ""));
        }
        return out;
    }

    private static String title(int stage, List<String> names) {
        return stage < 0 ? "Ocelot" : names.get(stage);
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}

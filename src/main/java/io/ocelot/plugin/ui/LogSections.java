package io.ocelot.plugin.ui;

import io.ocelot.core.api.LogPage;
import io.ocelot.core.build.StageMarker;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Splits a build log into per-stage sections for the build page (and anything else that shows a log by stage).
 * <p>
 * Two sources of the boundaries, in this order:
 * <ol>
 * <li>The stage marker lines the werker writes ({@link StageMarker}, the one owner of their format):
 * <pre>
 * --- ocelot stage 2/3 "test" started
 * --- ocelot stage 2/3 "test" FAILED in 4.2s, exit code 1
 * </pre> Only Ocelot's own lines (stream
 * {@code SYSTEM}) count as markers, so a build that prints such a line cannot fake a stage. Lines before the first header and
 * between an end line and the next header form sections of their own (stage -1: Ocelot's own lines).</li>
 * <li>Without any header line: the stage each stored chunk was sent for (the werker tags every append with its stage
 * index), consecutive chunks of one stage forming one section; a chunk of no known stage forms an Ocelot section.</li>
 * </ol>
 * A stage graph runs independent stages at the same time, so their lines interleave in the log: once a stage starts
 * while another has not ended, a cut at each marker would put one stage's lines under another. Such a log is grouped
 * by the stage each chunk was sent for instead (one section a stage, in the order the stages started, the werker's
 * own lines in one Ocelot section placed where its first line is); the markers still give the titles, results and
 * durations. A log whose stages never overlap splits at the markers as above, graph or not.
 * Nothing is dropped: the sections' texts joined, plus the marker lines, are the whole log.
 */
public final class LogSections {
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
            List<Line> lines = lines(chunks);
            return overlapping(lines) ? InterleavedSections.split(lines, stageNames) : byMarkers(lines);
        }
        return byChunkStage(chunks, stageNames);
    }

    private static boolean isSystem(LogPage.Chunk c) {
        return "SYSTEM".equals(c.stream());
    }

    private static boolean hasHeader(String text) {
        for (String line : text.split("\n", -1)) {
            if (StageMarker.parse(stripCr(line)).filter(StageMarker.Parsed::isStart).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** One line of the log (with its newline, if it has one), the stage its chunk was sent for, its marker if any. */
    record Line(String raw, int chunkStage, Optional<StageMarker.Parsed> marker) {
    }

    private static List<Line> lines(List<LogPage.Chunk> chunks) {
        List<Line> lines = new ArrayList<>();
        for (LogPage.Chunk c : chunks) {
            for (String raw : c.text().split("(?<=\n)")) {
                if (!raw.isEmpty()) {
                    String line = stripCr(raw.endsWith("\n") ? raw.substring(0, raw.length() - 1) : raw);
                    lines.add(new Line(raw, c.stage(), isSystem(c) ? StageMarker.parse(line) : Optional.empty()));
                }
            }
        }
        return lines;
    }

    /** True when a stage starts while another one has not ended: the stages' lines interleave. */
    private static boolean overlapping(List<Line> lines) {
        java.util.Set<Integer> open = new java.util.HashSet<>();
        for (Line l : lines) {
            if (l.marker().isEmpty()) {
                continue;
            }
            StageMarker.Parsed m = l.marker().get();
            if (!m.isStart()) {
                open.remove(m.index());
            } else if (!open.isEmpty() && !(open.size() == 1 && open.contains(m.index()))) {
                return true;
            } else {
                open.add(m.index());
            }
        }
        return false;
    }

    /** The result and the running time of an end marker ("4.2s, exit code 1"). */
    static String duration(StageMarker.Parsed end) {
        return end.detail().startsWith("in ") ? end.detail().substring(3) : end.detail();
    }

    private static List<Section> byMarkers(List<Line> lines) {
        List<Section> out = new ArrayList<>();
        int stage = -1;
        String title = "Ocelot";
        StringBuilder text = new StringBuilder();
        for (Line entry : lines) {
            String raw = entry.raw();
            Optional<StageMarker.Parsed> marker = entry.marker();
            if (marker.isPresent() && !marker.get().isStart()) {
                StageMarker.Parsed end = marker.get();
                out.add(new Section(end.index(), end.name(), text.toString(), end.status().name(), duration(end)));
                stage = -1;
                title = "Ocelot";
                text.setLength(0);
            } else if (marker.isPresent()) {
                if (text.length() > 0 || stage >= 0) {
                    out.add(new Section(stage, title, text.toString(), "", ""));
                }
                stage = marker.get().index();
                title = marker.get().name();
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

    static String title(int stage, List<String> names) {
        return stage < 0 ? "Ocelot" : names.get(stage);
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}

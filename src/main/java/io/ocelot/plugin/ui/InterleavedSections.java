package io.ocelot.plugin.ui;

import io.ocelot.core.build.StageMarker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sections of a log whose stages ran at the same time (a stage graph): each line goes to the stage its chunk was
 * sent for, so a stage's section holds only its own lines whatever ran beside it. Sections come in the order their
 * stages started (the start marker; the first line for a stage without one); the werker's own lines (stage -1, or a
 * stage the build does not have) form one Ocelot section, placed where its first line is.
 */
final class InterleavedSections {
    private InterleavedSections() {
    }

    /** A section being filled: where it starts in the log, its text so far, and what its markers said. */
    private static final class Open {
        final int stage;
        int startsAt;
        boolean started;
        String title;
        String result = "";
        String duration = "";
        final StringBuilder text = new StringBuilder();

        Open(int stage, int startsAt, String title) {
            this.stage = stage;
            this.startsAt = startsAt;
            this.title = title;
        }
    }

    static List<LogSections.Section> split(List<LogSections.Line> lines, List<String> stageNames) {
        Map<Integer, Open> sections = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            LogSections.Line line = lines.get(i);
            if (line.marker().isPresent()) {
                StageMarker.Parsed m = line.marker().get();
                Open s = section(sections, m.index(), i, stageNames);
                s.title = m.name();
                if (m.isStart()) {
                    if (!s.started) {
                        s.startsAt = i; // ordered by when it started, even after lines sent for it before its start
                    }
                    s.started = true;
                } else {
                    s.result = m.status().name();
                    s.duration = LogSections.duration(m);
                }
                continue;
            }
            int stage = line.chunkStage() >= 0 && (line.chunkStage() < stageNames.size()
                    || sections.containsKey(line.chunkStage())) ? line.chunkStage() : -1;
            section(sections, stage, i, stageNames).text.append(line.raw());
        }
        List<Open> ordered = new ArrayList<>(sections.values());
        ordered.sort(Comparator.comparingInt(s -> s.startsAt));
        List<LogSections.Section> out = new ArrayList<>();
        for (Open s : ordered) {
            if (s.stage >= 0 || s.text.length() > 0) {
                out.add(new LogSections.Section(s.stage, s.title, s.text.toString(), s.result, s.duration));
            }
        }
        return out;
    }

    private static Open section(Map<Integer, Open> sections, int stage, int at, List<String> names) {
        return sections.computeIfAbsent(stage, k -> new Open(k, at,
                k < names.size() ? LogSections.title(k, names) : "stage " + (k + 1)));
    }
}

package io.ocelot.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Order statistics by nearest rank (the same definition as bench/buildbot/bench.py), in milliseconds. */
final class Stats {
    private Stats() {
    }

    static double percentile(List<Double> xs, double p) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int rank = (int) Math.ceil(p / 100.0 * s.size());
        return s.get(Math.max(0, Math.min(s.size() - 1, rank - 1)));
    }

    static double median(List<Double> xs) {
        return percentile(xs, 50);
    }

    static String ratio(double ocelot, double peer) {
        if (Double.isNaN(ocelot) || Double.isNaN(peer) || peer <= 0) {
            return "—";
        }
        return String.format("%.2f", ocelot / peer);
    }

    static String ms(double ms) {
        if (Double.isNaN(ms)) {
            return "—";
        }
        return ms >= 10_000 ? String.format("%.1f s", ms / 1000) : ms >= 100 ? String.format("%.0f ms", ms)
                : String.format("%.2f ms", ms);
    }

    /** "median 612 ms, p90 890 ms". */
    static String medianP90(List<Double> xs) {
        return "median " + ms(median(xs)) + ", p90 " + ms(percentile(xs, 90));
    }

    static String list(List<Double> xs) {
        return xs.stream().map(x -> String.format("%.0f", x)).toList().toString();
    }
}

package io.ocelot.plugin.metrics;

import java.util.Locale;
import java.util.Map;

/**
 * Writes the Prometheus text exposition format 0.0.4: {@code # HELP}, {@code # TYPE}, then samples, label values
 * escaped (backslash, double quote, newline). Every value here is computed at scrape time from the database, so the
 * writer is all a client library would add; see docs/plugin.md "Metrics" for why none is embedded.
 */
final class PrometheusText {
    private final StringBuilder out = new StringBuilder();

    PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    PrometheusText sample(String name, Map<String, String> labels, double value) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> l : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(l.getKey()).append("=\"").append(escape(l.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    PrometheusText sample(String name, double value) {
        return sample(name, Map.of(), value);
    }

    /** A histogram in seconds from cumulative bucket counts over bounds in ms; the +Inf bucket is the count. */
    PrometheusText histogram(String name, String help, long[] boundsMillis, long[] cumulative, long count,
                             long sumMillis) {
        family(name, "histogram", help);
        for (int i = 0; i < boundsMillis.length; i++) {
            sample(name + "_bucket", Map.of("le", format(boundsMillis[i] / 1000.0)), cumulative[i]);
        }
        sample(name + "_bucket", Map.of("le", "+Inf"), count);
        sample(name + "_sum", sumMillis / 1000.0);
        return sample(name + "_count", count);
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String format(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}

package io.ocelot.core.lang;

import io.ocelot.core.plan.ResourceLimits;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code limits: {memory: 1GiB, cpus: 1.5, pids: 256, disk: 4GiB}}: what a build asks the werker to hold it
 * to. The werker applies the lower of these and its own flags, so a file can only ask for less (README, "limits").
 */
final class LimitsReader {
    /** Binary multiples, as the werker's flags: {@code 512MiB}, {@code 2GiB}, {@code 1g}, {@code 64k}. */
    private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([kmgt])?(i?b)?");
    private static final Pattern CPUS = Pattern.compile("\\d{1,4}(\\.\\d{1,3})?");
    private static final Pattern PIDS = Pattern.compile("\\d{1,9}");
    /** Below these a build cannot even start its shell: say so rather than let every stage die oddly. */
    private static final long MIN_MEMORY = 6L << 20;
    private static final long MIN_PIDS = 8;

    private final NodeReader reader;

    LimitsReader(NodeReader reader) {
        this.reader = reader;
    }

    ResourceLimits read(Node node) {
        if (node == null || NodeReader.isNull(node)) {
            return null;
        }
        Map<String, NodeTuple> e = reader.entries(node, "'limits'", PipelineKeys.LIMITS, " in 'limits'");
        if (e == null) {
            return null;
        }
        Long memory = size(e.get("memory"), "'limits.memory'", MIN_MEMORY);
        Long disk = size(e.get("disk"), "'limits.disk'", 1L << 20);
        Double cpus = null;
        NodeTuple c = e.get("cpus");
        if (c != null) {
            String text = reader.text(c.getValueNode(), "'limits.cpus'");
            if (text != null) {
                if (!CPUS.matcher(text.trim()).matches() || Double.parseDouble(text.trim()) < 0.01) {
                    reader.problems().error(c.getValueNode(), "'limits.cpus': expected a number of CPUs such as 1 or "
                            + "0.5 (at least 0.01), found '" + text + "'");
                } else {
                    cpus = Double.parseDouble(text.trim());
                }
            }
        }
        Long pids = null;
        NodeTuple p = e.get("pids");
        if (p != null) {
            String text = reader.text(p.getValueNode(), "'limits.pids'");
            if (text != null) {
                if (!PIDS.matcher(text.trim()).matches() || Long.parseLong(text.trim()) < MIN_PIDS) {
                    reader.problems().error(p.getValueNode(), "'limits.pids': expected a whole number of processes "
                            + "of at least " + MIN_PIDS + ", found '" + text + "'");
                } else {
                    pids = Long.parseLong(text.trim());
                }
            }
        }
        return new ResourceLimits(memory, cpus, pids, disk);
    }

    private Long size(NodeTuple t, String what, long min) {
        if (t == null) {
            return null;
        }
        Node node = t.getValueNode();
        String text = reader.text(node, what);
        if (text == null) {
            return null;
        }
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            reader.problems().error(node, what + ": expected a size such as 512MiB or 2GiB, found '" + text + "'");
            return null;
        }
        int shift = m.group(2) == null ? 0 : switch (m.group(2).charAt(0)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 40;
        };
        long n = Long.parseLong(m.group(1));
        if (n > (Long.MAX_VALUE >> shift)) {
            reader.problems().error(node, what + ": '" + text + "' is too large");
            return null;
        }
        long bytes = n << shift;
        if (bytes < min) {
            reader.problems().error(node, what + ": '" + text + "' is too small: at least " + (min >> 20) + "MiB");
            return null;
        }
        return bytes;
    }
}

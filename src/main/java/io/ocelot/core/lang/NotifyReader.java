package io.ocelot.core.lang;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@code notify: {slack: {channel, identifier, on}, webhook: {url, on}}}. */
final class NotifyReader {
    private final NodeReader reader;

    NotifyReader(NodeReader reader) {
        this.reader = reader;
    }

    Notify read(Node node) {
        if (node == null || NodeReader.isNull(node)) {
            return Notify.NONE;
        }
        Map<String, NodeTuple> e = reader.entries(node, "'notify'", PipelineKeys.NOTIFY, " in 'notify'");
        if (e == null) {
            return Notify.NONE;
        }
        return new Notify(slack(e.get("slack")), webhook(e.get("webhook")));
    }

    private Notify.Slack slack(NodeTuple t) {
        if (t == null) {
            return null;
        }
        Map<String, NodeTuple> e = reader.entries(t.getValueNode(), "'notify.slack'", PipelineKeys.SLACK,
                " in 'notify.slack'");
        if (e == null) {
            return null;
        }
        String channel = null;
        if (e.containsKey("channel")) {
            channel = reader.nonBlank(e.get("channel").getValueNode(), "'channel'");
        } else {
            reader.problems().error(t.getValueNode(), "'notify.slack' needs a 'channel', e.g. channel: \"#builds\"");
        }
        String identifier = e.containsKey("identifier")
                ? reader.nonBlank(e.get("identifier").getValueNode(), "'identifier'") : null;
        return new Notify.Slack(channel, identifier, on(e.get("on")));
    }

    private Notify.Webhook webhook(NodeTuple t) {
        if (t == null) {
            return null;
        }
        Map<String, NodeTuple> e = reader.entries(t.getValueNode(), "'notify.webhook'", PipelineKeys.WEBHOOK,
                " in 'notify.webhook'");
        if (e == null) {
            return null;
        }
        String url = null;
        if (e.containsKey("url")) {
            Node n = e.get("url").getValueNode();
            url = reader.nonBlank(n, "'url'");
            if (url != null && !isHttpUrl(url)) {
                reader.problems().error(n, "'url': expected an http:// or https:// URL, found '" + url + "'");
            }
        } else {
            reader.problems().error(t.getValueNode(), "'notify.webhook' needs a 'url'");
        }
        return new Notify.Webhook(url, on(e.get("on")));
    }

    private static boolean isHttpUrl(String s) {
        try {
            URI u = new URI(s);
            return u.getHost() != null && ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** {@code on: [PASS, FAIL]}; names are case-insensitive; absent means both. */
    private Set<Notify.On> on(NodeTuple t) {
        if (t == null) {
            return EnumSet.allOf(Notify.On.class);
        }
        List<ScalarNode> items = reader.texts(t.getValueNode(), "'on'");
        Set<Notify.On> out = EnumSet.noneOf(Notify.On.class);
        if (items == null) {
            return out;
        }
        for (ScalarNode s : items) {
            try {
                out.add(Notify.On.valueOf(s.getValue().trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException ex) {
                reader.problems().error(s, "'on': expected PASS or FAIL, found '" + s.getValue() + "'");
            }
        }
        if (out.isEmpty() && items.isEmpty()) {
            reader.problems().error(t.getValueNode(), "'on' is empty: list PASS, FAIL or both (or leave 'on' out for both)");
        }
        return out;
    }
}

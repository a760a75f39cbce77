package io.ocelot.core.lang;

import io.ocelot.core.plan.ServiceSpec;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the top-level {@code services}: sidecar containers (a database, a cache) each stage reaches by the
 * service's {@code name}, which is why a name must be usable as a host name. Each service needs a name and an
 * image; {@code env} follows the rules of every env; {@code command} is a list of words or a string split into
 * words as a shell would (quotes group, nothing is expanded).
 */
final class ServicesReader {
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** A DNS label. */
    static final int MAX_NAME_LENGTH = 63;
    /** Each service is a container started for every build. */
    static final int MAX_SERVICES = 10;

    private final NodeReader reader;
    private final ValueReader values;

    ServicesReader(NodeReader reader, ValueReader values) {
        this.reader = reader;
        this.values = values;
    }

    List<ServiceSpec> read(NodeTuple entry) {
        Node node = entry.getValueNode();
        List<Node> items = reader.items(node, "'services'", "services (maps with 'name' and 'image')");
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            reader.problems().error(NodeReader.isNull(node) ? entry.getKeyNode() : node,
                    "'services' is empty: list at least one service with a 'name' and an 'image', or leave it out");
            return List.of();
        }
        if (items.size() > MAX_SERVICES) {
            reader.problems().error(items.get(MAX_SERVICES), "'services': at most " + MAX_SERVICES
                    + " services per pipeline");
            return List.of();
        }
        Map<String, Node> names = new HashMap<>();
        List<ServiceSpec> out = new ArrayList<>();
        for (Node item : items) {
            ServiceSpec s = service(item, names);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private ServiceSpec service(Node node, Map<String, Node> names) {
        if (!(node instanceof MappingNode)) {
            reader.problems().error(node, "each service must be a map with 'name' and 'image', found "
                    + NodeReader.describe(node));
            return null;
        }
        int before = reader.problems().errorCount();
        Map<String, NodeTuple> e = reader.entries(node, "service", PipelineKeys.SERVICE, " in a service");
        String name = name(e.get("name"), node, names);
        String what = name == null ? "service" : "service '" + name + "'";
        String image = null;
        if (e.containsKey("image")) {
            image = values.image(e.get("image").getValueNode(), "'image' of " + what);
        } else {
            reader.problems().error(node, what + " has no 'image': name the Docker image it runs");
        }
        Map<String, String> env = e.containsKey("env")
                ? new EnvReader(reader).read(e.get("env").getValueNode(), "'env' of " + what) : Map.of();
        List<String> command = e.containsKey("command") ? command(e.get("command"), what) : List.of();
        if (reader.problems().errorCount() > before || name == null || image == null) {
            return null;
        }
        return new ServiceSpec(name, image, env, command);
    }

    private String name(NodeTuple t, Node service, Map<String, Node> names) {
        if (t == null) {
            reader.problems().error(service, "service has no 'name': the host name stages reach it by");
            return null;
        }
        Node n = t.getValueNode();
        String name = reader.nonBlank(n, "'name' of a service");
        if (name == null) {
            return null;
        }
        if (!NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
            reader.problems().error(n, "'name' of a service: '" + Abbreviate.text(name) + "' is not a host name: use "
                    + "lower-case letters, digits and '-', starting with a letter or digit, at most "
                    + MAX_NAME_LENGTH + " characters");
            return null;
        }
        Node first = names.putIfAbsent(name, n);
        if (first != null) {
            reader.problems().error(n, "duplicate service name '" + name + "' "
                    + Problems.firstAt(first.getStartMark(), n.getStartMark()));
            return null;
        }
        return name;
    }

    private List<String> command(NodeTuple t, String what) {
        Node n = t.getValueNode();
        String key = "'command' of " + what;
        if (n instanceof ScalarNode s && !NodeReader.isNull(n)) {
            List<String> words = new ArrayList<>();
            int bad = words(s.getValue(), words);
            if (bad >= 0) {
                reader.errorInside(s, bad, key + ": this quote is not closed");
                return List.of();
            }
            if (words.isEmpty()) {
                reader.problems().error(n, key + " is empty");
            }
            return words;
        }
        List<ScalarNode> items = reader.texts(n, key);
        if (items == null) {
            return List.of();
        }
        if (items.isEmpty()) {
            reader.problems().error(NodeReader.isNull(n) ? t.getKeyNode() : n, key
                    + " is empty: list the command's words, or leave it out to run the image's own command");
        }
        return items.stream().map(ScalarNode::getValue).toList();
    }

    /**
     * Splits {@code line} into {@code out} at blanks; single and double quotes group (a backslash escapes the next
     * character outside single quotes). Returns the offset of an unclosed quote, or -1.
     */
    static int words(String line, List<String> out) {
        StringBuilder word = null;
        char quote = 0;
        int quoteAt = -1;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    out.add(word.toString());
                    word = null;
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                if (c == '\'' || c == '"') {
                    quote = c;
                    quoteAt = i;
                } else if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            return quoteAt;
        }
        if (word != null) {
            out.add(word.toString());
        }
        return -1;
    }
}

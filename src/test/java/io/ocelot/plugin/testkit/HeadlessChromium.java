package io.ocelot.plugin.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven over the Chrome DevTools Protocol (JDK WebSocket + Jackson: nothing to install
 * beyond the browser, which {@code scripts/setup-docker.sh --test-tools} provides). One page: navigate, evaluate
 * JavaScript, click (and wait for the page the click leads to), and downloads
 * saved to a directory of its own. A fresh profile each time; {@link #close} ends the browser and deletes it.
 * Protocol: https://chromedevtools.github.io/devtools-protocol/ (Target, Page, Runtime, Network, Browser domains).
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final String BINARY = System.getProperty("ocelot.chromium", "/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path profile;
    public final Path downloads;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();
    private final String session;

    public HeadlessChromium() throws Exception {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException(BINARY + " is missing: install it with scripts/setup-docker.sh --test-tools "
                    + "(Debian package chromium)");
        }
        profile = Files.createTempDirectory("ocelot-chromium-profile");
        downloads = Files.createTempDirectory("ocelot-chromium-downloads");
        process = new ProcessBuilder(BINARY, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "about:blank")
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
        Path port = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(Files.exists(port) && Files.readAllLines(port).size() >= 2)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = Files.exists(profile.resolve("chromium.log")) ? Files.readString(profile.resolve("chromium.log")) : "";
                close();
                throw new IllegalStateException("chromium did not open its DevTools port: " + log);
            }
            Thread.sleep(50);
        }
        List<String> lines = Files.readAllLines(port);
        socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim()), new Listener())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        send(null, "Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString(),
                "eventsEnabled", true));
        String target = send(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
        session = send(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).get("sessionId").asText();
        send(session, "Page.enable", Map.of());
        send(session, "Network.enable", Map.of());
    }

    /** Opens {@code url} and waits until the page has loaded. */
    public void open(String url) throws Exception {
        int mark = mark();
        send(session, "Page.navigate", Map.of("url", url));
        awaitEvent(mark, "Page.loadEventFired", e -> true);
    }

    /** The value of a JavaScript expression in the page (strings, numbers, booleans; objects as JSON). */
    public JsonNode eval(String expression) throws Exception {
        JsonNode r = send(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException(expression + ": " + r.get("exceptionDetails"));
        }
        return r.get("result").path("value");
    }

    /** Clicks the element {@code selector} as a user would and waits for the page the click leads to. */
    public void clickAndWaitForPage(String selector) throws Exception {
        int mark = mark();
        click(selector);
        awaitEvent(mark, "Page.loadEventFired", e -> true);
    }

    /** Clicks the element {@code selector} (a real mouse press and release at its centre). */
    public void click(String selector) throws Exception {
        JsonNode box = eval("(function(){var e=document.querySelector(" + JSON.writeValueAsString(selector)
                + "); if(!e) return null; e.scrollIntoView(); var r=e.getBoundingClientRect();"
                + " return {x:r.left+r.width/2, y:r.top+r.height/2};})()");
        if (box.isNull() || box.isMissingNode()) {
            throw new IllegalStateException("no element " + selector + " on " + eval("location.href").asText());
        }
        for (String type : List.of("mousePressed", "mouseReleased")) {
            send(session, "Input.dispatchMouseEvent", Map.of("type", type, "x", box.get("x").asDouble(),
                    "y", box.get("y").asDouble(), "button", "left", "clickCount", 1));
        }
    }

    /** Clicks a download link and waits for the file; returns where it was saved. */
    public Path clickAndDownload(String selector) throws Exception {
        int mark = mark();
        click(selector);
        JsonNode begin = awaitEvent(mark, "Browser.downloadWillBegin", e -> true);
        String guid = begin.get("params").get("guid").asText();
        JsonNode done = awaitEvent(mark, "Browser.downloadProgress", e -> e.get("params").get("guid").asText().equals(guid)
                && !e.get("params").get("state").asText().equals("inProgress"));
        if (!done.get("params").get("state").asText().equals("completed")) {
            throw new IllegalStateException("download " + done);
        }
        Path named = downloads.resolve(begin.get("params").get("suggestedFilename").asText());
        Path byGuid = downloads.resolve(guid);
        return Files.exists(named) ? named : byGuid;
    }

    private int mark() {
        synchronized (events) {
            return events.size();
        }
    }

    private JsonNode awaitEvent(int from, String method, Predicate<JsonNode> match) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (events) {
            while (true) {
                for (int i = from; i < events.size(); i++) {
                    JsonNode e = events.get(i);
                    if (e.get("method").asText().equals(method) && match.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no " + method + " from chromium within " + WAIT);
                }
                events.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }
    }

    private JsonNode send(String sessionId, String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(msg.toString(), true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        JsonNode r = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IllegalStateException(method + ": " + r.get("error"));
        }
        return r.get("result");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder frame = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            frame.append(data);
            if (last) {
                try {
                    JsonNode m = JSON.readTree(frame.toString());
                    if (m.has("id")) {
                        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                        if (f != null) {
                            f.complete(m);
                        }
                    } else {
                        synchronized (events) {
                            events.add(m);
                            events.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // not JSON: not a protocol message
                }
                frame.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        delete(profile);
        delete(downloads);
    }

    private static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: best effort
        }
    }
}

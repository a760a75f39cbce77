package io.ocelot.plugin.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The load balancer in front of a Data Center cluster, for tests: an HTTP server on 127.0.0.1 that forwards each
 * request to the next node in turn (round robin, per request, not per connection). A node that refuses the
 * connection is taken for down — as a load balancer's health check would find it — and the request goes to the
 * next node at once; a down node is tried again after {@link #RECHECK}. A node that dies while it holds a request
 * cannot be retried safely (it may have done the work), so that request gets 502 Bad Gateway, as from a real load
 * balancer, and the caller retries. Bodies are buffered (the werker protocol's are small); headers are passed on
 * except the hop-by-hop ones.
 */
public final class RoundRobinProxy implements AutoCloseable {
    /** How long a node that refused a connection is left out before it is tried again. */
    public static final Duration RECHECK = Duration.ofSeconds(1);
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "transfer-encoding", "te", "trailer", "proxy-connection");

    private final List<String> nodes;
    private final AtomicLongArray downUntil;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger[] served;
    private final java.util.Queue<String> journal = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final long born = System.nanoTime();
    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private RoundRobinProxy(List<String> nodes) {
        this.nodes = List.copyOf(nodes);
        this.downUntil = new AtomicLongArray(nodes.size());
        this.served = new AtomicInteger[nodes.size()];
        for (int i = 0; i < served.length; i++) {
            served[i] = new AtomicInteger();
        }
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "proxy");
            t.setDaemon(true);
            return t;
        });
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::forward);
        server.setExecutor(threads);
        server.start();
    }

    /** Balances over these base URLs ({@code http://127.0.0.1:port}), in this order. */
    public static RoundRobinProxy start(List<String> nodeBaseUrls) {
        return new RoundRobinProxy(nodeBaseUrls);
    }

    /** The address werkers are given: the cluster's one URL. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests node {@code i} answered (any status). */
    public int served(int i) {
        return served[i].get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int first = Math.floorMod(next.getAndIncrement(), nodes.size());
            for (int n = 0; n < nodes.size(); n++) {
                int i = (first + n) % nodes.size();
                if (n < nodes.size() - 1 && System.currentTimeMillis() < downUntil.get(i)) {
                    continue; // found down recently; the last candidate is tried anyway
                }
                HttpResponse<byte[]> response;
                long sent = System.nanoTime();
                try {
                    response = upstream.send(request(exchange, nodes.get(i), body),
                            HttpResponse.BodyHandlers.ofByteArray());
                } catch (ConnectException | HttpConnectTimeoutException refused) {
                    note(exchange, i, sent, "refused", body);
                    downUntil.set(i, System.currentTimeMillis() + RECHECK.toMillis());
                    continue;
                } catch (IOException diedHoldingIt) {
                    note(exchange, i, sent, "502 " + diedHoldingIt, body);
                    reply(exchange, 502, ("node " + i + " failed mid-request: " + diedHoldingIt).getBytes(), Map.of());
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                served[i].incrementAndGet();
                note(exchange, i, sent, Integer.toString(response.statusCode()), body);
                reply(exchange, response.statusCode(), response.body(), response.headers().map());
                return;
            }
            reply(exchange, 503, "no node answers".getBytes(), Map.of());
        }
    }

    /**
     * Every forwarded request (when it was sent, to which node, how long it took, what came back; a poll's body too),
     * for the diagnostics of a failed test.
     */
    public String journal() {
        return String.join("\n", journal);
    }

    private void note(HttpExchange exchange, int node, long sent, String outcome, byte[] body) {
        String path = exchange.getRequestURI().getPath();
        journal.add(String.format("%8.3f s node %d %s %s -> %s in %d ms%s", (sent - born) / 1e9, node,
                exchange.getRequestMethod(), path, outcome, (System.nanoTime() - sent) / 1_000_000,
                path.endsWith("/poll") ? " " + new String(body, java.nio.charset.StandardCharsets.UTF_8) : ""));
    }

    private static HttpRequest request(HttpExchange exchange, String node, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node + exchange.getRequestURI()))
                .timeout(Duration.ofSeconds(120))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> b.header(name, v));
            }
        });
        return b.build();
    }

    private static void reply(HttpExchange exchange, int status, byte[] body, Map<String, List<String>> headers)
            throws IOException {
        headers.forEach((name, values) -> {
            if (!name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                exchange.getResponseHeaders().put(name, values);
            }
        });
        boolean empty = body.length == 0 || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}

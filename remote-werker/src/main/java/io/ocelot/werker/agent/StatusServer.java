package io.ocelot.werker.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} (Prometheus text format) and {@code GET /health} (200 "ok", or 503 with one reason per line)
 * on the werker's metrics port, served by the JDK's HTTP server.
 */
final class StatusServer {
    private final HttpServer server;
    private final ExecutorService executor;

    StatusServer(int port, AgentMetrics metrics, Supplier<List<String>> healthProblems) throws IOException {
        // without it the JDK server waits for delayed ACKs: ~40 ms per scrape
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        server = HttpServer.create(new InetSocketAddress(port), 16);
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ocelot-status");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", ex -> {
            if (notGet(ex)) {
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            metrics.write(body);
            reply(ex, 200, metrics.contentType(), body.toByteArray());
        });
        server.createContext("/health", ex -> {
            if (notGet(ex)) {
                return;
            }
            List<String> problems = healthProblems.get();
            String text = problems.isEmpty() ? "ok\n" : String.join("\n", problems) + "\n";
            reply(ex, problems.isEmpty() ? 200 : 503, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static boolean notGet(HttpExchange ex) throws IOException {
        if (ex.getRequestMethod().equals("GET") || ex.getRequestMethod().equals("HEAD")) {
            return false;
        }
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        reply(ex, 405, "text/plain; charset=utf-8", "use GET\n".getBytes(StandardCharsets.UTF_8));
        return true;
    }

    private static void reply(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }
}

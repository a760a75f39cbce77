package io.ocelot.werker.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A registry on 127.0.0.1 that makes {@code docker pull} hang for good: it answers Docker's {@code GET /v2/} ping
 * like a real registry and then never answers the manifest request, holding the connection open. (A server that
 * answers nothing at all does not do: dockerd gives up on it by itself after ~25 s.) A TLS hello is refused at once
 * so dockerd falls back to plain HTTP, which it allows for 127.0.0.0/8 registries, without waiting for its own
 * handshake timeout.
 */
final class HangingRegistry implements AutoCloseable {
    private final ServerSocket server;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final CountDownLatch held = new CountDownLatch(1);

    HangingRegistry() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    open.add(s);
                    Thread t = new Thread(() -> serve(s), "hanging-registry-conn");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "hanging-registry");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** {@code host:port} to put in front of an image name. */
    String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Waits until dockerd has asked for a manifest, i.e. the pull is under way and now hangs. */
    boolean awaitHeld(long seconds) throws InterruptedException {
        return held.await(seconds, TimeUnit.SECONDS);
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                if (head.startsWith("GET /v2/ ")) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                            + "Docker-Distribution-API-Version: registry/2.0\r\nContent-Length: 2\r\n\r\n{}")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    continue;
                }
                held.countDown();
                while (in.read() >= 0) {
                    // never answer
                }
                return;
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The request line and headers, or null when the peer closed or spoke TLS (refused: plain HTTP only). */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int last4 = 0;
        for (int c; (c = in.read()) >= 0; ) {
            if (b.size() == 0 && c == 0x16) {
                return null; // a TLS ClientHello
            }
            b.write(c);
            last4 = (last4 << 8) | c;
            if (last4 == 0x0d0a0d0a) { // the blank line after the headers
                return b.toString(StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}

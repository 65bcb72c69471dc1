package org.parley.aggregate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Server-Sent Events stream {@code GET /api/stream}: every client gets each event published
 * after it connected ({@code snapshot}, {@code alert}), and a comment every
 * {@value #HEARTBEAT_SECONDS} s so that proxies keep the connection and dead clients are found.
 * A client that cannot take an event is dropped; the others go on.
 */
public final class EventHub implements AutoCloseable {

    static final int HEARTBEAT_SECONDS = 15;
    static final int MAX_CLIENTS = 256;

    private final Set<HttpExchange> clients = ConcurrentHashMap.newKeySet();
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong ids = new AtomicLong();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "parley-sse-heartbeat");
        t.setDaemon(true);
        return t;
    });

    public EventHub() {
        heartbeat.scheduleAtFixedRate(() -> broadcast(": keepalive\n\n"), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /** Takes over an exchange as an event stream; it stays open after the handler returns. */
    void connect(HttpExchange ex) throws IOException {
        if (clients.size() >= MAX_CLIENTS) {
            throw new IllegalStateException("too many event stream clients (" + MAX_CLIENTS + ")");
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        clients.add(ex);
        if (!send(ex, "retry: 3000\n: connected\n\n")) {
            clients.remove(ex);
        }
    }

    /** Sends an event to every connected client. */
    public void publish(String event, Object data) {
        String body;
        try {
            body = json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the " + event + " event", e);
        }
        broadcast("id: " + ids.incrementAndGet() + "\nevent: " + event + "\ndata: " + body + "\n\n");
    }

    public int clients() {
        return clients.size();
    }

    private void broadcast(String frame) {
        for (HttpExchange ex : clients) {
            if (!send(ex, frame)) {
                clients.remove(ex);
                ex.close();
            }
        }
    }

    private static boolean send(HttpExchange ex, String frame) {
        synchronized (ex) {
            try {
                OutputStream out = ex.getResponseBody();
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        for (HttpExchange ex : clients) {
            ex.close();
        }
        clients.clear();
    }
}

package org.parley.aggregate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Server-Sent Events stream {@code GET /api/stream}: every client gets each event published
 * after it connected ({@code snapshot}, {@code alert}), and a comment every
 * {@value #HEARTBEAT_SECONDS} s so that proxies keep the connection and dead clients are found.
 * Each client has its own queue of at most {@value #QUEUE} frames and its own writer, so a slow
 * client never holds up the publisher or the others; one that falls that far behind, or whose
 * connection fails, is dropped (browsers' EventSource reconnects by itself).
 */
public final class EventHub implements AutoCloseable {

    static final int HEARTBEAT_SECONDS = 15;
    static final int MAX_CLIENTS = 256;
    static final int QUEUE = 1000;
    private static final String CLOSE = "";

    /** One connected client: its exchange, its queue of frames, and the thread that writes them. */
    private final class Client implements Runnable {
        final HttpExchange exchange;
        final BlockingQueue<String> frames = new ArrayBlockingQueue<>(QUEUE);

        Client(HttpExchange exchange) {
            this.exchange = exchange;
        }

        void offer(String frame) {
            if (!frames.offer(frame)) {
                drop();
            }
        }

        void drop() {
            if (clients.remove(this)) {
                frames.clear();
                frames.offer(CLOSE);
            }
        }

        @Override
        public void run() {
            try (exchange) {
                OutputStream out = exchange.getResponseBody();
                for (String frame = frames.take(); !CLOSE.equals(frame); frame = frames.take()) {
                    out.write(frame.getBytes(StandardCharsets.UTF_8));
                    if (frames.isEmpty()) {
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the client went away
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                clients.remove(this);
            }
        }
    }

    private final Set<Client> clients = ConcurrentHashMap.newKeySet();
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
            throw new OpennessQuery.NotReadyException("too many event stream clients (" + MAX_CLIENTS + "); retry later", null);
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        Client c = new Client(ex);
        clients.add(c);
        c.offer("retry: 3000\n: connected\n\n");
        Thread writer = new Thread(c, "parley-sse-client");
        writer.setDaemon(true);
        writer.start();
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
        for (Client c : clients) {
            c.offer(frame);
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        for (Client c : clients) {
            c.drop();
        }
    }
}

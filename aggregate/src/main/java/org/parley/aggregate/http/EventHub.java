package org.parley.aggregate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.web.HttpError;

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

    /** One frame: an event with its id, or (event null) a comment; CLOSE ends the writer. */
    private record Frame(String event, String data, String id) {
    }

    private static final Frame CLOSE = new Frame(null, null, null);

    /** One connected client: its connection, its queue of frames, and the thread that writes them. */
    private final class Client implements Runnable {
        final SseClient sse;
        final BlockingQueue<Frame> frames = new ArrayBlockingQueue<>(QUEUE);

        Client(SseClient sse) {
            this.sse = sse;
        }

        void offer(Frame frame) {
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
            try {
                for (Frame f = frames.take(); f != CLOSE && !sse.terminated(); f = frames.take()) {
                    if (f.event() == null) {
                        sse.sendComment(f.data());
                    } else {
                        sse.sendEvent(f.event(), f.data(), f.id());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                clients.remove(this);
                sse.close();
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
        heartbeat.scheduleAtFixedRate(() -> broadcast(new Frame(null, "keepalive", null)), HEARTBEAT_SECONDS, HEARTBEAT_SECONDS,
                TimeUnit.SECONDS);
    }

    /** Refuses a new client with 503 when {@value #MAX_CLIENTS} are connected. */
    void admit() {
        if (clients.size() >= MAX_CLIENTS) {
            throw HttpError.unavailable("too many event stream clients (" + MAX_CLIENTS + "); retry later");
        }
    }

    /** Takes over a client: its connection stays open after the handler returns, written by its own thread. */
    void connect(SseClient sse) {
        sse.keepAlive();
        Client c = new Client(sse);
        sse.onClose(c::drop);
        clients.add(c);
        c.offer(new Frame(null, "connected", null));
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
        broadcast(new Frame(event, body, String.valueOf(ids.incrementAndGet())));
    }

    public int clients() {
        return clients.size();
    }

    private void broadcast(Frame frame) {
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

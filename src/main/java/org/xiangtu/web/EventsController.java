package org.xiangtu.web;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.xiangtu.edit.ChangeFeed;

/**
 * {@code GET /events}: server-sent events announcing changes (a project's progress, an import).
 *
 * <p>At connection the client gets a {@code hello} event naming this server run ({@code started})
 * and the last change id; a client that reconnects to the same run with {@code Last-Event-ID} gets
 * the changes it missed, a client that sees a new {@code started} should reload its data. A {@code
 * heartbeat} event every {@code heartbeatSeconds} (15 by default, {@code server.eventsHeartbeatSeconds};
 * announced in {@code hello}) keeps proxies from closing the stream, lets the server notice clients
 * that left, and lets a client notice a stream that went silent without closing (a half-open
 * connection): it is a named event, not a comment, because EventSource hides comments from pages. Connections are asynchronous (no thread each); at most
 * {@value #MAX_CLIENTS} at once, then 503. Events carry public fields only.
 */
public final class EventsController implements AutoCloseable {
    private final int heartbeatSeconds;
    static final int MAX_CLIENTS = 5_000;
    private final ChangeFeed feed;
    private final Instant started = Instant.now();
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xiangtu-events-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final SseHandler handler;

    public EventsController(ChangeFeed feed, int heartbeatSeconds) {
        this.feed = feed;
        this.heartbeatSeconds = heartbeatSeconds;
        this.handler = new SseHandler(0, this::connected);
        feed.listen(this::broadcast);
        heartbeat.scheduleAtFixedRate(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    public void events(Context ctx) throws Exception {
        if (clients.size() >= MAX_CLIENTS) {
            throw new ProblemException(503, null, "Too many open event streams; try again later.",
                    Map.of("Retry-After", "30"));
        }
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            // Javalin's SSE handler answers an empty 200 otherwise: say what the client must send instead
            throw new ProblemException(406, "Accept", "/events is a server-sent event stream: send "
                    + "'Accept: text/event-stream' (as EventSource does).");
        }
        ctx.header("X-Accel-Buffering", "no");
        handler.handle(ctx);
    }

    /** How many streams are open now. */
    public int clients() {
        return clients.size();
    }

    private void connected(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        Map<String, Object> hello = new LinkedHashMap<>();
        hello.put("started", started.toString());
        hello.put("lastId", feed.lastId());
        hello.put("heartbeatSeconds", heartbeatSeconds);
        client.sendEvent("hello", JsonTextOf.json(hello), String.valueOf(feed.lastId()));
        String last = client.ctx().header("Last-Event-ID");
        if (last != null && last.matches("\\d{1,18}") && Long.parseLong(last) <= feed.lastId()) {
            feed.since(Long.parseLong(last)).forEach(c -> send(client, c));
        }
        clients.add(client);
    }

    private void broadcast(ChangeFeed.Change change) {
        for (SseClient c : clients) {
            send(c, change);
        }
    }

    private void send(SseClient client, ChangeFeed.Change change) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", change.id());
        m.put("kind", change.kind());
        m.put("layers", change.layers());
        m.put("at", change.at().toString());
        m.put("data", change.data());
        client.sendEvent(change.kind(), JsonTextOf.json(m), String.valueOf(change.id()));
    }

    private void beat() {
        String at = JsonTextOf.json(Map.of("at", Instant.now().toString()));
        for (SseClient c : clients) {
            if (c.terminated()) {
                clients.remove(c);
            } else {
                c.sendEvent("heartbeat", at); // no id: Last-Event-ID keeps naming the last change
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        clients.forEach(SseClient::close);
    }

    /** JSON text for event data. */
    private static final class JsonTextOf {
        static String json(Object value) {
            return org.xiangtu.account.AuditLog.json(value);
        }
    }
}

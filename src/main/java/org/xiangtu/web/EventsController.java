package org.xiangtu.web;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.xiangtu.account.Sessions;
import org.xiangtu.account.SignInLimiter;
import org.xiangtu.catalog.Role;
import org.xiangtu.config.AddressRanges;
import org.xiangtu.edit.ChangeFeed;

/**
 * {@code GET /events}: server-sent events announcing changes (a project's progress, an import).
 *
 * <p>At connection the client gets a {@code hello} event naming this server run ({@code started})
 * and the last change id; a client that reconnects to the same run with {@code Last-Event-ID} gets
 * the changes it missed, a client that sees a new {@code started} should reload its data. A {@code
 * heartbeat} event every {@code heartbeatSeconds} (15 by default, {@code server.eventsHeartbeatSeconds};
 * announced in {@code hello}) keeps proxies from closing the stream and lets a client notice a stream
 * that went silent without closing (a half-open connection): it is a named event, not a comment,
 * because EventSource hides comments from pages. Connections are asynchronous (no thread each).
 *
 * <p><b>Limits.</b> A stream is dropped as soon as its client closes the connection ({@link Disconnects};
 * a client that vanished without closing is dropped at the first heartbeat that cannot be written).
 * At most {@code max} streams are open ({@code access.eventStreams}); an anonymous client gets at most
 * {@code perAddress} of them from one address (IPv6: one /64; {@code access.eventStreamsPerAddress}, then 429), and only
 * while fewer than {@code max - reserved} are open ({@code access.eventStreamsReserved}, then 503). The
 * reserve is for <em>known</em> clients, which count only against {@code max}: a signed-in session (a
 * password was needed), or a client whose address is in {@code access.screenAddresses} (the wall
 * screens' addresses or ranges, as resolved through {@code access.trustedProxies}). A
 * {@code Last-Event-ID} does not make a client known: anybody can send one. So a flood of anonymous
 * streams fills at most {@code max - reserved}, and a wall screen or a signed-in page always gets in.
 *
 * <p><b>Audience.</b> Events carry public fields only. A change that is not public itself (the import or
 * deletion of an unpublished planner layer: its id is not public) goes only to streams of a live session
 * whose role reaches the change's audience, checked at each send; a public stream never sees its id.
 */
public final class EventsController implements AutoCloseable {
    static final String SLOT = "xiangtu.events.slot";
    private final int heartbeatSeconds;
    private final Limits limits;
    private final ChangeFeed feed;
    private final Sessions sessions;
    private final Instant started = Instant.now();
    private final Map<SseClient, Stream> streams = new ConcurrentHashMap<>();
    private final Map<String, Integer> anonymousPerAddress = new HashMap<>(); // guarded by this
    private int admitted; // guarded by this: streams admitted and not yet ended
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xiangtu-events-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private final SseHandler handler;

    /**
     * How many streams: {@code max} in all, {@code perAddress} per anonymous client address,
     * {@code reserved} of {@code max} kept for known clients ({@code screens}: the wall screens' addresses).
     */
    public record Limits(int max, int perAddress, int reserved, AddressRanges screens) {
    }

    /** An open stream: who asked, and whether it takes a place in the reserve. */
    private record Stream(SseClient client, String sessionId, Role role) {
    }

    /** A place among the open streams, given back once when the stream ends. */
    private final class Slot {
        final String anonymousAddress;
        final AtomicBoolean released = new AtomicBoolean();

        Slot(String anonymousAddress) {
            this.anonymousAddress = anonymousAddress;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                synchronized (EventsController.this) {
                    admitted--;
                    if (anonymousAddress != null) {
                        anonymousPerAddress.computeIfPresent(anonymousAddress, (k, n) -> n <= 1 ? null : n - 1);
                    }
                }
            }
        }
    }

    public EventsController(ChangeFeed feed, Sessions sessions, int heartbeatSeconds, Limits limits) {
        this.feed = feed;
        this.sessions = sessions;
        this.heartbeatSeconds = heartbeatSeconds;
        this.limits = limits;
        this.handler = new SseHandler(0, this::connected);
        feed.listen(this::broadcast);
        heartbeat.scheduleAtFixedRate(this::beat, heartbeatSeconds, heartbeatSeconds, TimeUnit.SECONDS);
    }

    public void events(Context ctx) throws Exception {
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            // Javalin's SSE handler answers an empty 200 otherwise: say what the client must send instead
            throw new ProblemException(406, "Accept", "/events is a server-sent event stream: send "
                    + "'Accept: text/event-stream' (as EventSource does).");
        }
        String address = ctx.ip();
        boolean known = CurrentUser.session(ctx).isPresent() || limits.screens().contains(address);
        Slot slot = admit(known ? null : SignInLimiter.addressKey(address)); // IPv6: the /64
        ctx.attribute(SLOT, slot);
        ctx.header("X-Accel-Buffering", "no");
        try {
            handler.handle(ctx);
        } catch (Exception | Error e) {
            slot.release();
            throw e;
        }
    }

    private synchronized Slot admit(String anonymousAddress) {
        if (admitted >= limits.max() || (anonymousAddress != null && admitted >= limits.max() - limits.reserved())) {
            throw new ProblemException(503, null, "Too many open event streams; try again later.",
                    Map.of("Retry-After", "30"));
        }
        if (anonymousAddress != null && anonymousPerAddress.getOrDefault(anonymousAddress, 0) >= limits.perAddress()) {
            throw new ProblemException(429, null, "Too many event streams from your address (at most "
                    + limits.perAddress() + "); close one or try again later.", Map.of("Retry-After", "30"));
        }
        admitted++;
        if (anonymousAddress != null) {
            anonymousPerAddress.merge(anonymousAddress, 1, Integer::sum);
        }
        return new Slot(anonymousAddress);
    }

    /** How many streams are open now. */
    public int clients() {
        return streams.size();
    }

    /** How many streams hold a place now (open, or admitted and starting). */
    public synchronized int admitted() {
        return admitted;
    }

    private void connected(SseClient client) {
        Slot slot = client.ctx().attribute(SLOT);
        Runnable drop = () -> {
            streams.remove(client);
            if (slot != null) {
                slot.release();
            }
        };
        try {
            client.keepAlive();
            client.onClose(drop);
            client.ctx().req().getAsyncContext().addListener(new AsyncListener() {
                @Override
                public void onComplete(AsyncEvent event) {
                    drop.run();
                }

                @Override
                public void onTimeout(AsyncEvent event) {
                    client.close();
                }

                @Override
                public void onError(AsyncEvent event) {
                    client.close();
                }

                @Override
                public void onStartAsync(AsyncEvent event) {
                }
            });
            Disconnects.watch(client.ctx(), client::close);
            var session = CurrentUser.session(client.ctx());
            Stream stream = new Stream(client, session.map(Sessions.Session::id).orElse(null),
                    session.map(Sessions.Session::role).orElse(Role.PUBLIC));
            Map<String, Object> hello = new LinkedHashMap<>();
            hello.put("started", started.toString());
            hello.put("lastId", feed.lastId());
            hello.put("heartbeatSeconds", heartbeatSeconds);
            client.sendEvent("hello", JsonTextOf.json(hello), String.valueOf(feed.lastId()));
            String last = client.ctx().header("Last-Event-ID");
            if (last != null && last.matches("\\d{1,18}") && Long.parseLong(last) <= feed.lastId()) {
                feed.since(Long.parseLong(last)).forEach(c -> send(stream, c));
            }
            streams.put(client, stream);
            if (client.terminated()) {
                drop.run(); // it closed while starting
            }
        } catch (RuntimeException e) {
            drop.run();
            client.close();
            throw e;
        }
    }

    private void broadcast(ChangeFeed.Change change) {
        for (Stream s : streams.values()) {
            send(s, change);
        }
    }

    /** Whether this stream may hear of the change: public, or a live session whose role reaches its audience. */
    private boolean mayHear(Stream s, ChangeFeed.Change change) {
        return change.audience() == Role.PUBLIC || (s.sessionId() != null && sessions.isLive(s.sessionId())
                && CurrentUser.reaches(s.role(), change.audience()));
    }

    private void send(Stream stream, ChangeFeed.Change change) {
        SseClient client = stream.client();
        if (client.terminated()) {
            streams.remove(client);
            return;
        }
        if (!mayHear(stream, change)) {
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
        for (SseClient c : streams.keySet()) {
            if (c.terminated()) {
                streams.remove(c);
            } else {
                c.sendEvent("heartbeat", at); // no id: Last-Event-ID keeps naming the last change
            }
        }
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        streams.keySet().forEach(SseClient::close);
    }

    /** JSON text for event data. */
    private static final class JsonTextOf {
        static String json(Object value) {
            return org.xiangtu.account.AuditLog.json(value);
        }
    }
}

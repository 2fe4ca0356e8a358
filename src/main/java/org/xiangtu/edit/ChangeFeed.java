package org.xiangtu.edit;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.xiangtu.catalog.Role;

/**
 * What changed in the store, in order: each change gets the next id, the last {@link #KEEP} are
 * kept so that a client reconnecting with {@code Last-Event-ID} gets what it missed. Listeners
 * (the dashboard's cache, the {@code /events} stream) are called on the writer's thread after the
 * commit; a listener must not block. Payloads carry public data only; a change that itself is not
 * public (an unpublished planner layer was imported or deleted: its id is not public) names the least
 * role that may hear of it as its {@code audience}, and {@code /events} tells only such streams.
 */
public final class ChangeFeed {
    static final int KEEP = 500;

    /**
     * One change: {@code kind} is "project" or "layer"; {@code data} public fields only; {@code audience}
     * the least role that may hear of it ({@link Role#PUBLIC} for most).
     */
    public record Change(long id, String kind, List<String> layers, Instant at, Map<String, Object> data,
            Role audience) {
    }

    private final Deque<Change> recent = new ArrayDeque<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private long next = 1;

    public void listen(Consumer<Change> listener) {
        listeners.add(listener);
    }

    public void unlisten(Consumer<Change> listener) {
        listeners.remove(listener);
    }

    /** Announces a public change. */
    public Change publish(String kind, List<String> layers, Map<String, Object> data) {
        return publish(kind, layers, data, Role.PUBLIC);
    }

    /** Announces a change that only {@code audience} and greater roles may hear of. */
    public Change publish(String kind, List<String> layers, Map<String, Object> data, Role audience) {
        Change c;
        synchronized (recent) {
            c = new Change(next++, kind, List.copyOf(layers), Instant.now(), Map.copyOf(data), audience);
            recent.addLast(c);
            if (recent.size() > KEEP) {
                recent.removeFirst();
            }
        }
        for (Consumer<Change> l : listeners) {
            try {
                l.accept(c);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(ChangeFeed.class).warn("change listener failed: {}", e.toString());
            }
        }
        return c;
    }

    /** The kept changes after the given id (all kept ones for a negative id). */
    public List<Change> since(long id) {
        synchronized (recent) {
            List<Change> out = new ArrayList<>();
            for (Change c : recent) {
                if (c.id() > id) {
                    out.add(c);
                }
            }
            return out;
        }
    }

    /** The id of the last change, 0 if none. */
    public long lastId() {
        synchronized (recent) {
            return next - 1;
        }
    }
}

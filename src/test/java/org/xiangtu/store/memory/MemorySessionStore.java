package org.xiangtu.store.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xiangtu.store.SessionStore;
import org.xiangtu.store.StoredSession;

/**
 * Sessions in memory, for the rules' unit tests: one lock, so every method is one transaction; a
 * create that would be refused (a missing field, a token hash held already) is refused before it
 * removes anything. Passes the same contract as the GeoPackage and PostGIS stores.
 */
public final class MemorySessionStore implements SessionStore {
    private static final Comparator<StoredSession> LEAST_RECENT = Comparator.comparing(StoredSession::lastSeen)
            .thenComparing(StoredSession::createdAt).thenComparing(StoredSession::tokenHash);
    private final Map<String, StoredSession> byHash = new HashMap<>();

    @Override
    public synchronized int create(StoredSession s, int maxPerUser, int maxTotal) {
        if (maxPerUser < 1 || maxTotal < 1) {
            throw new IllegalArgumentException("the session limits must be at least 1");
        }
        if (s.tokenHash() == null || s.user() == null || s.role() == null || s.csrfHash() == null
                || s.createdAt() == null || s.lastSeen() == null) {
            throw new IllegalArgumentException("a session needs every field");
        }
        if (byHash.containsKey(s.tokenHash())) {
            throw new IllegalStateException("the token hash is held already");
        }
        List<StoredSession> ofUser = byHash.values().stream().filter(x -> x.user().equals(s.user())).toList();
        int removed = evict(ofUser, maxPerUser - 1);
        if (byHash.size() > maxTotal - 1) {
            removed += evict(List.copyOf(byHash.values()), maxTotal - 1);
        }
        byHash.put(s.tokenHash(), s);
        return removed;
    }

    private int evict(List<StoredSession> among, int keep) {
        int over = among.size() - keep;
        if (over <= 0) {
            return 0;
        }
        among.stream().sorted(LEAST_RECENT).limit(over).forEach(x -> byHash.remove(x.tokenHash()));
        return over;
    }

    @Override
    public synchronized Optional<StoredSession> find(String tokenHash) {
        return Optional.ofNullable(byHash.get(tokenHash));
    }

    @Override
    public synchronized boolean touch(String tokenHash, Instant at) {
        StoredSession s = byHash.get(tokenHash);
        if (s == null || s.lastSeen().isAfter(at.minus(TOUCH_EVERY))) {
            return false;
        }
        byHash.put(tokenHash, new StoredSession(s.tokenHash(), s.user(), s.role(), s.csrfHash(), s.createdAt(), at));
        return true;
    }

    @Override
    public synchronized boolean delete(String tokenHash) {
        return byHash.remove(tokenHash) != null;
    }

    @Override
    public synchronized int deleteAll(String user) {
        int before = byHash.size();
        byHash.values().removeIf(s -> s.user().equals(user));
        return before - byHash.size();
    }

    @Override
    public synchronized int sweep(Instant seenBefore, Instant createdBefore) {
        int before = byHash.size();
        byHash.values().removeIf(s -> s.lastSeen().isBefore(seenBefore) || s.createdAt().isBefore(createdBefore));
        return before - byHash.size();
    }

    @Override
    public synchronized int count() {
        return byHash.size();
    }
}

package org.xiangtu.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A least-recently-used cache of at most {@code maxEntries} values, for results keyed by what a client
 * chooses (a date, a distance): any number of distinct keys keeps at most that many values, so memory
 * stays bounded by {@code maxEntries} × the largest value (each value here is bounded by the data: a set
 * of feature ids, a state per project). Values are computed outside the lock; two callers asking for the
 * same missing key at once may both compute it (the work is pure), and one result is kept. Thread-safe.
 */
public final class BoundedCache<K, V> {
    private final int maxEntries;
    private final LinkedHashMap<K, V> map;

    public BoundedCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
        this.map = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > BoundedCache.this.maxEntries;
            }
        };
    }

    public V get(K key, Function<K, V> compute) {
        synchronized (map) {
            V v = map.get(key);
            if (v != null) {
                return v;
            }
        }
        V computed = compute.apply(key);
        synchronized (map) {
            V raced = map.putIfAbsent(key, computed);
            return raced != null ? raced : computed;
        }
    }

    public void clear() {
        synchronized (map) {
            map.clear();
        }
    }

    public int size() {
        synchronized (map) {
            return map.size();
        }
    }

    public int maxEntries() {
        return maxEntries;
    }
}

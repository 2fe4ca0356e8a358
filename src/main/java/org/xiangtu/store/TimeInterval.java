package org.xiangtu.store;

import java.time.Instant;

/** A closed time interval; a null end is open (unbounded) on that side. */
public record TimeInterval(Instant start, Instant end) {
    public boolean contains(Instant t) {
        return t != null && (start == null || !t.isBefore(start)) && (end == null || !t.isAfter(end));
    }
}

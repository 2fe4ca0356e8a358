package org.xiangtu.store;

import java.time.Instant;

/**
 * One entry of the audit log. {@code seq} is assigned by the store when the entry is appended (0
 * before); {@code detail} is a JSON text or null; {@code at} is never null.
 */
public record AuditEntry(long seq, Instant at, String actor, String address, String action, String target,
        String outcome, String detail) {
    /** A new entry stamped now, not yet appended. */
    public static AuditEntry of(String actor, String address, String action, String target, String outcome,
            String detail) {
        return new AuditEntry(0, Instant.now(), actor, address, action, target, outcome, detail);
    }
}

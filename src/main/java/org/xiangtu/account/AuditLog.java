package org.xiangtu.account;

import java.util.List;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.AuditStore;

/**
 * The audit log: sign-ins (also failed ones), imports, exports and edits, appended to an
 * {@link AuditStore} and never changed. An edit hands its entry to the edit's own store method,
 * which writes it in the edit's transaction, so a change without its entry cannot exist.
 */
public final class AuditLog {
    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private final AuditStore store;

    /** A detail value as compact JSON text. */
    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public AuditLog(AuditStore store) {
        this.store = store;
    }

    /** Appends an entry in a transaction of its own. */
    public void record(AuditEntry e) {
        store.append(e);
    }

    /** The newest entries first, optionally only one action or one actor. */
    public List<AuditEntry> page(String action, String actor, int limit, int offset) {
        return store.page(action, actor, limit, offset);
    }
}

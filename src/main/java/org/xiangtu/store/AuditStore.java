package org.xiangtu.store;

import java.util.List;

/**
 * Where the audit log lives: entries are appended and never changed or removed. The rules (which
 * actions are logged, and what their detail says) live in {@code account.AuditLog}.
 *
 * <p>Implementations are thread-safe. Methods never return {@code null}. Every append is a
 * transaction of its own: after {@link #append} returns, the entry is durable; when it throws,
 * nothing was written. An edit that must be audited together with its change passes its entry
 * to the edit's own store method (see {@link ProjectEditStore#update}), which writes both in one
 * transaction. A store that cannot be reached throws {@link StoreUnavailableException}.
 */
public interface AuditStore {

    /**
     * Appends the entry ({@code seq} is ignored: the store numbers entries in the order they are
     * appended).
     *
     * @throws IllegalArgumentException when {@code at}, {@code action} or {@code outcome} is null
     */
    void append(AuditEntry entry);

    /**
     * The newest entries first (by {@code seq}), optionally only one action and/or one actor (null:
     * any); an empty list when none match or {@code offset} is past the end.
     */
    List<AuditEntry> page(String action, String actor, int limit, int offset);
}

package org.xiangtu.store;

/**
 * The writable side of a store, opened beside a {@link FeatureStore} by
 * {@link FeatureStore#openWork()}: users, sign-in sessions, the audit log and project edits, each
 * behind its own interface, and (until planner layers have theirs) the raw {@link EditStore}. Closing it closes
 * what it opened (a connection or a pool), not the feature store.
 */
public interface WorkStore extends AutoCloseable {
    UserStore users();

    SessionStore sessions();

    AuditStore audit();

    ProjectEditStore projects();

    /** Transactions on the work tables, for planner layers (which have no interface of their own yet). */
    EditStore edits();

    @Override
    void close();
}

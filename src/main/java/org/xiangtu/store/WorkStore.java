package org.xiangtu.store;

/**
 * The writable side of a store, opened beside a {@link FeatureStore} by
 * {@link FeatureStore#openWork()}: users, sign-in sessions, the audit log, project edits, planner
 * layers and the field app's households and visits, each behind its own interface. Closing it closes what it opened (a connection or a pool), not
 * the feature store.
 */
public interface WorkStore extends AutoCloseable {
    UserStore users();

    SessionStore sessions();

    AuditStore audit();

    ProjectEditStore projects();

    PlannerLayerStore plannerLayers();

    FieldStore field();

    /** Household updates from the field app, their versions and the review queue. */
    HouseholdChangeStore householdChanges();
    /** The field app's photos and their unfinished uploads. */
    PhotoStore photos();

    /** The relapse watch's alerts and monitoring records. */
    WatchStore watch();

    /**
     * Replacing catalogue layers with their previous versions kept (onboarding). By default unsupported:
     * a store without it (the tests' in-memory one) cannot onboard.
     */
    default LayerVersionStore layerVersions() {
        throw new UnsupportedOperationException("this store keeps no layer versions");
    }

    @Override
    void close();
}

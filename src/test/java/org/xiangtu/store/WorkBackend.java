package org.xiangtu.store;

/** An open {@link WorkStore} for a contract, with whatever else it needs closed afterwards. */
public interface WorkBackend extends AutoCloseable {
    WorkStore work();

    @Override
    void close();

    /** The feature store the work store was opened from, when the backend has one (for reading layers back). */
    default java.util.Optional<FeatureStore> features() {
        return java.util.Optional.empty();
    }

    /** This backend, with the feature store it was opened from. */
    default WorkBackend with(FeatureStore store) {
        WorkBackend self = this;
        return new WorkBackend() {
            @Override
            public WorkStore work() {
                return self.work();
            }

            @Override
            public void close() {
                self.close();
            }

            @Override
            public java.util.Optional<FeatureStore> features() {
                return java.util.Optional.of(store);
            }
        };
    }

    /** A backend that is only its work store. */
    static WorkBackend of(WorkStore work, AutoCloseable... others) {
        return new WorkBackend() {
            @Override
            public WorkStore work() {
                return work;
            }

            @Override
            public void close() {
                work.close();
                for (AutoCloseable c : others) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }
}

package org.xiangtu.store;

/** An open {@link WorkStore} for a contract, with whatever else it needs closed afterwards. */
public interface WorkBackend extends AutoCloseable {
    WorkStore work();

    @Override
    void close();

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

package org.xiangtu.store.memory;

import org.xiangtu.store.PlannerLayerStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link PlannerLayerStoreContract} on the in-memory store the rules' unit tests use. */
class MemoryPlannerLayerStoreTest extends PlannerLayerStoreContract {
    @Override
    protected WorkBackend open() {
        return WorkBackend.of(new MemoryWorkStore());
    }
}

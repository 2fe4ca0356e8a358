package org.xiangtu.store.memory;

import org.xiangtu.store.WorkBackend;
import org.xiangtu.store.WorkLogAssignmentContract;

/** The {@link WorkLogAssignmentContract} on the in-memory store the rules' unit tests use. */
class MemoryWorkLogAssignmentTest extends WorkLogAssignmentContract {
    @Override
    protected WorkBackend open() {
        return WorkBackend.of(new MemoryWorkStore().withDemoHouseholds());
    }
}

package org.xiangtu.store.memory;

import org.xiangtu.store.HouseholdChangeStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link HouseholdChangeStoreContract} on the in-memory store the rules' unit tests use. */
class MemoryHouseholdChangeStoreTest extends HouseholdChangeStoreContract {
    @Override
    protected WorkBackend open() {
        return WorkBackend.of(new MemoryWorkStore().withDemoHouseholds());
    }
}

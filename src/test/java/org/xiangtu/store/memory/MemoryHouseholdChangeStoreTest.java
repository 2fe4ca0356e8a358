package org.xiangtu.store.memory;

import java.util.Map;
import org.xiangtu.store.HouseholdChangeStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link HouseholdChangeStoreContract} on the in-memory store the rules' unit tests use. */
class MemoryHouseholdChangeStoreTest extends HouseholdChangeStoreContract {
    private MemoryWorkStore store;

    @Override
    protected WorkBackend open() {
        store = new MemoryWorkStore().withDemoHouseholds();
        return WorkBackend.of(store);
    }

    @Override
    protected Map<String, Long> storedVillageFields(String village) {
        return ((MemoryHouseholdChangeStore) store.householdChanges()).villageFields(village);
    }
}

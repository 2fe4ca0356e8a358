package org.xiangtu.store.memory;

import org.xiangtu.store.FieldStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link FieldStoreContract} on the in-memory store the rules' unit tests use. */
class MemoryFieldStoreTest extends FieldStoreContract {
    @Override
    protected WorkBackend open() {
        return WorkBackend.of(new MemoryWorkStore().withDemoHouseholds());
    }
}

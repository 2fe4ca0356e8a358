package org.xiangtu.store.memory;

import org.xiangtu.store.PhotoStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link PhotoStoreContract} on the in-memory store the rules' unit tests use. */
class MemoryPhotoStoreTest extends PhotoStoreContract {
    @Override
    protected WorkBackend open() {
        return WorkBackend.of(new MemoryWorkStore().withDemoHouseholds());
    }
}

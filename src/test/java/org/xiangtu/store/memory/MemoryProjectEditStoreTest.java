package org.xiangtu.store.memory;

import org.xiangtu.store.ProjectEditStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link ProjectEditStoreContract} on the in-memory store the rules' unit tests use. */
class MemoryProjectEditStoreTest extends ProjectEditStoreContract {
    @Override
    protected WorkBackend open() {
        return WorkBackend.of(MemoryWorkStore.seeded());
    }
}

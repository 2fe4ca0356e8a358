package org.xiangtu.store.memory;

import org.xiangtu.store.UserStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link UserStoreContract} on the in-memory store the rules' unit tests use. */
class MemoryUserStoreTest extends UserStoreContract {
    @Override
    protected WorkBackend open() {
        return WorkBackend.of(MemoryWorkStore.seeded());
    }
}

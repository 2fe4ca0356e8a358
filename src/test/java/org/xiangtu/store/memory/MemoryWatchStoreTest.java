package org.xiangtu.store.memory;

import org.xiangtu.store.WatchStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link WatchStoreContract} on the in-memory store the rules' unit tests use. */
class MemoryWatchStoreTest extends WatchStoreContract {
    @Override
    protected WorkBackend open() {
        return WorkBackend.of(new MemoryWorkStore().withDemoHouseholds());
    }
}

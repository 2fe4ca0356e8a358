package org.xiangtu.store.memory;

import org.xiangtu.store.SessionStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link SessionStoreContract} on the in-memory store the rules' unit tests use. */
class MemorySessionStoreTest extends SessionStoreContract {
    @Override
    protected WorkBackend open() {
        return WorkBackend.of(new MemoryWorkStore());
    }
}

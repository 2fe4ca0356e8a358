package org.xiangtu.store.memory;

import org.xiangtu.store.AuditStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link AuditStoreContract} on the in-memory store the rules' unit tests use. */
class MemoryAuditStoreTest extends AuditStoreContract {
    @Override
    protected WorkBackend open() {
        return WorkBackend.of(MemoryWorkStore.seeded());
    }
}

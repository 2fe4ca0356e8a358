package org.xiangtu.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The frame of a store contract run on every backend holding the county's demo data (memory, GeoPackage,
 * PostGIS): {@link #open()} gives a fresh backend once before the class's tests, its field and audit
 * stores are at hand, and it is closed after them. A contract's own {@code @BeforeAll} runs after it is
 * open, so it takes the further stores it needs from {@link #backend} there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class WorkBackendContract {
    protected WorkBackend backend;
    protected FieldStore field;
    protected AuditStore audit;

    /** A fresh backend holding the county's demo data. */
    protected abstract WorkBackend open() throws Exception;

    @BeforeAll
    protected final void openBackend() throws Exception {
        backend = open();
        field = backend.work().field();
        audit = backend.work().audit();
    }

    @AfterAll
    protected final void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }
}

package org.xiangtu.store.postgis;

import org.xiangtu.testing.RequiresPostgis;

import org.xiangtu.store.AuditStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.TestDatabase;

/** The {@link AuditStoreContract} on PostgreSQL/PostGIS (a fresh database). */
@RequiresPostgis
class AuditStorePostgisIT extends AuditStoreContract {
    @Override
    protected WorkBackend open() {
        return PostgisWorkBackend.open(TestDatabase.create());
    }
}

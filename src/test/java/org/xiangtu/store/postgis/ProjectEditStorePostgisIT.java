package org.xiangtu.store.postgis;

import org.xiangtu.store.ProjectEditStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.TestDatabase;

/** The {@link ProjectEditStoreContract} on PostgreSQL/PostGIS (a fresh database). */
class ProjectEditStorePostgisIT extends ProjectEditStoreContract {
    @Override
    protected WorkBackend open() {
        return PostgisWorkBackend.open(TestDatabase.create());
    }
}

package org.xiangtu.store.postgis;

import org.xiangtu.testing.RequiresPostgis;

import org.xiangtu.store.UserStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.TestDatabase;

/** The {@link UserStoreContract} on PostgreSQL/PostGIS (a fresh database). */
@RequiresPostgis
class UserStorePostgisIT extends UserStoreContract {
    @Override
    protected WorkBackend open() {
        return PostgisWorkBackend.open(TestDatabase.create());
    }
}

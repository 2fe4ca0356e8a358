package org.xiangtu.store.postgis;

import org.xiangtu.store.FieldStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/** The {@link FieldStoreContract} on PostgreSQL/PostGIS (a fresh database). */
@RequiresPostgis
class FieldStorePostgisIT extends FieldStoreContract {
    @Override
    protected WorkBackend open() {
        return PostgisWorkBackend.open(TestDatabase.create());
    }
}

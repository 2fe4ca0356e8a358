package org.xiangtu.store.postgis;

import org.xiangtu.store.LayerVersionStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/** The {@link LayerVersionStoreContract} on PostgreSQL/PostGIS (a fresh database each test). */
@RequiresPostgis
class LayerVersionStorePostgisIT extends LayerVersionStoreContract {
    @Override
    protected WorkBackend open() {
        return PostgisWorkBackend.open(TestDatabase.create());
    }
}

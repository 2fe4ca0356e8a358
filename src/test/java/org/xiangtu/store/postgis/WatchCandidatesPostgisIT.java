package org.xiangtu.store.postgis;

import org.xiangtu.store.WatchCandidatesContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/** The {@link WatchCandidatesContract} on PostgreSQL/PostGIS (a fresh database). */
@RequiresPostgis
class WatchCandidatesPostgisIT extends WatchCandidatesContract {
    @Override
    protected WorkBackend open() {
        return PostgisWorkBackend.open(TestDatabase.create());
    }
}

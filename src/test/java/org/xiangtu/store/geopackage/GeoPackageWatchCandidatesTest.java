package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.WatchCandidatesContract;
import org.xiangtu.store.WorkBackend;

/** The {@link WatchCandidatesContract} on a GeoPackage file (SQLite's SQL). */
class GeoPackageWatchCandidatesTest extends WatchCandidatesContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

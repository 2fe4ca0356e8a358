package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.WatchStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link WatchStoreContract} on a GeoPackage file. */
class GeoPackageWatchStoreTest extends WatchStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.SessionStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link SessionStoreContract} on a GeoPackage file. */
class GeoPackageSessionStoreTest extends SessionStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

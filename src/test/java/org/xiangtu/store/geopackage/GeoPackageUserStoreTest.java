package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.UserStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link UserStoreContract} on a GeoPackage file. */
class GeoPackageUserStoreTest extends UserStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.PhotoStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link PhotoStoreContract} on a GeoPackage file. */
class GeoPackagePhotoStoreTest extends PhotoStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

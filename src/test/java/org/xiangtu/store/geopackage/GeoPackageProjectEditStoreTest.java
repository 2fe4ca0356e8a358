package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.ProjectEditStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link ProjectEditStoreContract} on a GeoPackage file. */
class GeoPackageProjectEditStoreTest extends ProjectEditStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.LayerVersionStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link LayerVersionStoreContract} on a GeoPackage file. */
class GeoPackageLayerVersionStoreTest extends LayerVersionStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

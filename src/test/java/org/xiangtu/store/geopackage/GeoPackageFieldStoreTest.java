package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.FieldStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link FieldStoreContract} on a GeoPackage file. */
class GeoPackageFieldStoreTest extends FieldStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.PlannerLayerStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link PlannerLayerStoreContract} on a GeoPackage file. */
class GeoPackagePlannerLayerStoreTest extends PlannerLayerStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

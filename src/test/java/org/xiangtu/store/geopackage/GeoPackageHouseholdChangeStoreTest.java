package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.HouseholdChangeStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link HouseholdChangeStoreContract} on a GeoPackage file. */
class GeoPackageHouseholdChangeStoreTest extends HouseholdChangeStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

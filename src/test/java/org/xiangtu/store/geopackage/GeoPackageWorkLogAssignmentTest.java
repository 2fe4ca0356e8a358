package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.store.WorkLogAssignmentContract;

/** The {@link WorkLogAssignmentContract} on a GeoPackage file. */
class GeoPackageWorkLogAssignmentTest extends WorkLogAssignmentContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

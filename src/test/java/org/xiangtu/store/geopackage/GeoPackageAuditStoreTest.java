package org.xiangtu.store.geopackage;

import java.io.IOException;
import org.xiangtu.store.AuditStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link AuditStoreContract} on a GeoPackage file. */
class GeoPackageAuditStoreTest extends AuditStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }
}

package org.xiangtu.store;

import org.xiangtu.store.geopackage.GeoPackageEdits;
import org.xiangtu.store.geopackage.GeoPackageStore;
import org.xiangtu.store.postgis.PostgisEdits;
import org.xiangtu.store.postgis.PostgisStore;

/** The writable side that belongs with an open feature store. */
public final class EditStores {
    private EditStores() {
    }

    public static EditStore forStore(FeatureStore store) {
        if (store instanceof GeoPackageStore g) {
            return GeoPackageEdits.open(g);
        }
        if (store instanceof PostgisStore p) {
            return PostgisEdits.open(p);
        }
        throw new IllegalArgumentException("no edit store for " + store.kind());
    }
}

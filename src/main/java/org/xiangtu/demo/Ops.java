package org.xiangtu.demo;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Overlay for the generator through JTS's robust OverlayNG (the classic overlay can fail on the
 * generator's near-coincident wandering lines), whatever the {@code jts.overlay} setting.
 */
final class Ops {
    private Ops() {
    }

    static Geometry intersection(Geometry a, Geometry b) {
        return OverlayNGRobust.overlay(a, b, OverlayNG.INTERSECTION);
    }

    static Geometry difference(Geometry a, Geometry b) {
        return OverlayNGRobust.overlay(a, b, OverlayNG.DIFFERENCE);
    }
}

package org.xiangtu.ogc;

import java.util.List;

/** The conformance classes of OGC API – Features – Part 1 (17-069r4) this server implements. */
public final class Conformance {
    public static final String CORE = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
    public static final String GEOJSON = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";
    public static final String OAS30 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30";
    public static final List<String> ALL = List.of(CORE, GEOJSON, OAS30);

    private Conformance() {
    }
}

package org.xiangtu.store.geopackage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.WKTReader;
import org.xiangtu.geo.Crs;

class GpkgGeometryTest {
    private final GpkgGeometry codec = new GpkgGeometry(Crs.LONLAT);

    @ParameterizedTest
    @ValueSource(strings = {
        "POINT (106.05 29.84)",
        "MULTILINESTRING ((106 29.8, 106.1 29.9), (106.2 29.7, 106.25 29.75))",
        "MULTIPOLYGON (((106 29.8, 106.1 29.8, 106.1 29.9, 106 29.9, 106 29.8), (106.02 29.82, 106.02 29.85, 106.05 29.85, 106.02 29.82)))"})
    void geometry_survives_a_round_trip(String wkt) throws Exception {
        Geometry g = new WKTReader(Crs.LONLAT).read(wkt);
        Geometry back = codec.decode(codec.encode(g, 4490));
        assertThat(back.equalsExact(g)).isTrue();
        assertThat(back.getSRID()).isEqualTo(4490);
    }

    @Test
    void header_has_magic_srs_and_little_endian_envelope() throws Exception {
        byte[] blob = codec.encode(new WKTReader(Crs.LONLAT).read("POINT (106 29)"), 4490);
        assertThat(new String(blob, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GP");
        assertThat(blob[3] & 1).isEqualTo(1); // little endian
        assertThat((blob[3] >> 1) & 7).isEqualTo(1); // xy envelope
        assertThat(java.nio.ByteBuffer.wrap(blob, 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(4490);
    }

    @Test
    void null_blob_is_null_geometry() {
        assertThat(codec.decode(null)).isNull();
    }
}

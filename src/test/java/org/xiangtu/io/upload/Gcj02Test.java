package org.xiangtu.io.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class Gcj02Test {

    /** WGS84 (106.05, 29.85) → GCJ-02, as the npm package gcoord 1.0.7 computes it (an independent implementation). */
    private static final double[] WGS84 = {106.05, 29.85};
    private static final double[] GCJ02 = {106.0538919998786, 29.84747149875199};

    @Test
    void forward_matches_a_known_pair() {
        double[] g = Gcj02.fromWgs84(WGS84[0], WGS84[1]);
        assertThat(g[0]).isCloseTo(GCJ02[0], within(1e-9));
        assertThat(g[1]).isCloseTo(GCJ02[1], within(1e-9));
    }

    @Test
    void inverse_of_the_known_pair_gives_back_wgs84() {
        double[] w = Gcj02.toWgs84(GCJ02[0], GCJ02[1]);
        assertThat(w[0]).isCloseTo(WGS84[0], within(1e-8));
        assertThat(w[1]).isCloseTo(WGS84[1], within(1e-8));
    }

    @Test
    void forward_of_inverse_is_identity_across_chongqing() {
        Random r = new Random(42);
        for (int i = 0; i < 1000; i++) {
            double lon = 105.2 + r.nextDouble() * 5;
            double lat = 28.1 + r.nextDouble() * 4;
            double[] w = Gcj02.toWgs84(lon, lat);
            double[] back = Gcj02.fromWgs84(w[0], w[1]);
            assertThat(back[0]).isCloseTo(lon, within(1e-6));
            assertThat(back[1]).isCloseTo(lat, within(1e-6));
            assertThat(Math.abs(w[0] - lon) + Math.abs(w[1] - lat)).as("the offset is hundreds of metres").isGreaterThan(1e-3);
        }
    }

    @Test
    void outside_china_coordinates_are_unchanged() {
        assertThat(Gcj02.toWgs84(2.35, 48.85)).containsExactly(2.35, 48.85);
        assertThat(Gcj02.fromWgs84(2.35, 48.85)).containsExactly(2.35, 48.85);
    }
}

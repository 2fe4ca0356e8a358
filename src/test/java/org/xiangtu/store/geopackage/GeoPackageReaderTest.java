package org.xiangtu.store.geopackage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.GeometryFactory;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;
import org.xiangtu.testing.HostileGeoPackages;

/** The one GeoPackage reader on files from outside: interrupted at a deadline, views refused, rows streamed. */
class GeoPackageReaderTest {
    @TempDir
    Path tmp;

    @Test
    void sqlite_is_interrupted_once_the_deadline_has_passed() throws Exception {
        Path gpkg = HostileGeoPackages.write(tmp, "ok.gpkg", HostileGeoPackages.BASE_TABLE);
        long deadline = System.nanoTime() + 300_000_000L;
        long start = System.nanoTime();
        try (GeoPackageReader reader = GeoPackageReader.open(gpkg, () -> System.nanoTime() - deadline > 0);
                Statement s = reader.connection().createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)"
                    + " SELECT count(*) FROM n").next()).isInstanceOf(SQLException.class);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void a_view_is_not_a_table() {
        Path gpkg = HostileGeoPackages.write(tmp, "view.gpkg", HostileGeoPackages.PRINTF_VIEW);
        try (GeoPackageReader reader = GeoPackageReader.open(gpkg, null)) {
            assertThatThrownBy(() -> reader.requireBaseTable("pts")).isInstanceOfSatisfying(
                    GeoPackageReader.NotATable.class, e -> assertThat(e.kind()).isEqualTo("view"));
            assertThatThrownBy(() -> reader.requireBaseTable("nothing")).isInstanceOfSatisfying(
                    GeoPackageReader.NotATable.class, e -> assertThat(e.kind()).isNull());
        }
    }

    @Test
    void rows_come_out_one_by_one_with_their_geometry_decoded() {
        Path gpkg = HostileGeoPackages.write(tmp, "ok.gpkg", HostileGeoPackages.BASE_TABLE);
        try (GeoPackageReader reader = GeoPackageReader.open(gpkg, null)) {
            GeoPackageReader.Table t = reader.featureTables().get(0);
            assertThat(t.name()).isEqualTo("pts");
            try (FeatureSource rows = reader.rows("pts", t.geometryColumn(), List.of("name"), new GeometryFactory(),
                    GeometryKind.POINT, List.of())) {
                assertThat(rows.hasNext()).isTrue();
                Feature f = rows.next();
                assertThat(f.geometry().toText()).isEqualTo("POINT (106 29.8)");
                assertThat(f.properties()).containsKey("name");
            }
        }
    }

    @Test
    void a_file_that_is_not_sqlite_is_unreadable_in_plain_words() throws Exception {
        Path file = tmp.resolve("x.gpkg");
        java.nio.file.Files.writeString(file, "not a database, just text that is long enough to be a header");
        assertThatThrownBy(() -> {
            try (GeoPackageReader reader = GeoPackageReader.open(file, null)) {
                reader.tables();
            }
        }).isInstanceOfSatisfying(GeoPackageReader.Unreadable.class,
                e -> assertThat(e.plainWords()).isEqualTo("it is not an SQLite database"));
    }
}

package org.xiangtu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/** {@code xiangtu import --map} on PostGIS: the saved mapping merges the file, with its version and audit entry. */
@RequiresPostgis
class MapImportCommandPostgisIT {
    @TempDir
    Path dir;

    @Test
    void a_saved_mapping_merges_the_file_into_the_database() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            assertThat(Main.run(new String[] {"import", "--database-url", db.urlString()}, o, e, Map.of()))
                    .as(err.toString(StandardCharsets.UTF_8)).isZero();
            Path mapping = Files.writeString(dir.resolve("map.json"), MapImportCommandTest.MAPPING);
            assertThat(Main.run(new String[] {"import", "--map", mapping.toString(), "--database-url", db.urlString(),
                    MapImportCommandTest.FILE}, o, e, Map.of())).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("version 1; 1 added, 2 changed, 0 removed");
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT poor_households, town_code, ST_GeometryType(geom) FROM villages "
                        + "WHERE id = 'village-500151003999'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong(1)).isEqualTo(3);
                    assertThat(rs.getString(2)).isEqualTo("500151003000");
                    assertThat(rs.getString(3)).isEqualTo("ST_MultiPolygon");
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM xiangtu_layer_versions WHERE layer_id = 'villages'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(1);
                }
                try (ResultSet rs = st.executeQuery("SELECT actor FROM xiangtu_audit WHERE action = 'layer.onboard'")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(MapImportCommand.ACTOR);
                }
            }
        }
    }
}

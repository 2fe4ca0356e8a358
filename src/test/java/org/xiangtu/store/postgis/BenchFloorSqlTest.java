package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;

/**
 * The benchmark's floor (bench/pgbench/*.sql, bench/README.md) must be the very rows query the server
 * sends for a public villages bbox page: same select list, same condition, same order and limit. If
 * the server's SQL changes, this fails until the floor is changed with it.
 */
class BenchFloorSqlTest {

    @Test
    void the_floor_runs_the_servers_rows_query() throws IOException {
        Catalog catalog = CatalogLoader.read(DataSource.folder(Path.of("data"))).forRole(Role.PUBLIC);
        LayerDef villages = catalog.layer("villages").orElseThrow();
        List<FieldDef> fields = villages.fields();
        String server = PostgisSql.page(PostgisSql.geoJsonSelectList(villages, fields), villages, PostgisSql.BBOX)
                .replace("LIMIT ? OFFSET ?", "LIMIT ? OFFSET 0");

        for (String file : List.of("rows.sql", "count_rows.sql")) {
            String rows = statements(Path.of("bench/pgbench", file)).stream()
                    .filter(s -> s.startsWith("SELECT t.")).findFirst().orElseThrow();
            String bound = rows.replaceAll(":(x0|y0|x1|y1|lim)\\b", "?");
            assertThat(normalised(bound)).as(file).isEqualTo(normalised(server));
        }
    }

    /** The file's SQL statements, without comments and pgbench meta-commands. */
    private static List<String> statements(Path file) throws IOException {
        String sql = Files.readAllLines(file).stream()
                .filter(l -> !l.startsWith("--") && !l.startsWith("\\"))
                .collect(Collectors.joining(" "));
        return List.of(sql.split(";")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String normalised(String sql) {
        return sql.replaceAll("\\s+", " ").strip();
    }
}

package org.xiangtu.store.geopackage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.xiangtu.App;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.FieldStoreContract;
import org.xiangtu.store.WorkBackend;

/** The {@link FieldStoreContract} on a GeoPackage file, and the index its visits' month recount searches. */
class GeoPackageFieldStoreTest extends FieldStoreContract {
    @Override
    protected WorkBackend open() throws IOException {
        return GeoPackageWorkBackend.open();
    }

    /** The recount of {@code WorkSql.FIELD_COUNT_MONTH}, with values in place of its parameters. */
    private static final String COUNT_MONTH = "SELECT count(*) FROM visits WHERE village_code = '500151003001' "
            + "AND substr(at, 1, 7) = '2020-10'";

    @Test
    void a_visits_month_recount_searches_an_index_rather_than_every_visit() throws Exception {
        Path dir = Files.createTempDirectory("xiangtu-index");
        DataSource data = DataSource.folder(Path.of("data"));
        GeoPackageStore store = App.openGeoPackage(dir.resolve("work.gpkg"), CatalogLoader.read(data), data);
        store.openWork().close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store.location());
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("EXPLAIN QUERY PLAN " + COUNT_MONTH)) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(4)).append('\n');
            }
            assertThat(plan.toString()).containsPattern("USING (COVERING )?INDEX visits_village_month_idx").doesNotContain("SCAN visits");
        } finally {
            store.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}

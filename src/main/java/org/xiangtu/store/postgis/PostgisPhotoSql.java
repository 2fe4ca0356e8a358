package org.xiangtu.store.postgis;

import java.util.List;
import java.util.Map;
import org.xiangtu.store.jdbc.PhotoSql;

/**
 * The photo statements in PostgreSQL: the tables are Flyway's ({@code V9__photos.sql}), a photo names its
 * record by the columns {@code record_kind} and {@code record_id} (no mapping table), and an upload row is
 * locked while a chunk is counted (writers run concurrently).
 */
final class PostgisPhotoSql {
    static final PhotoSql SQL = new PhotoSql(List.of(), Map.of(), List.of(), " FOR UPDATE");

    private PostgisPhotoSql() {
    }
}

package org.xiangtu.store.postgis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.xiangtu.store.PhotoStoreContract;
import org.xiangtu.store.WorkBackend;
import org.xiangtu.testing.RequiresPostgis;
import org.xiangtu.testing.TestDatabase;

/**
 * The {@link PhotoStoreContract} on PostgreSQL/PostGIS (a fresh database), and the database going away in the
 * middle of storing a finished photo: its connection is killed after it wrote the photo, the visit's count and
 * dropped the upload, while it waits to write the audit entry. Nothing of it may remain, and the upload must
 * still stand where it stood, so the device resends the last chunk.
 */
@RequiresPostgis
class PhotoStorePostgisIT extends PhotoStoreContract {
    private TestDatabase db;

    @Override
    protected WorkBackend open() {
        db = TestDatabase.create();
        return PostgisWorkBackend.open(db);
    }

    @Test
    void the_database_going_away_while_a_photo_is_stored_leaves_nothing_half_written() throws Exception {
        String visit = newVisit();
        String id = UUID.randomUUID().toString();
        photos.begin(upload(id, visit, 10, Instant.now()), ROOMY);
        photos.append(id, 0, bytes(4, 1));
        MidWriteKill.killWhileWaitingForAudit(db, () -> photos.complete(photo(id, visit), bytes(50, 7), bytes(20, 8),
                entry("psc-gone", id)));
        assertThat(photos.photo(id)).isEmpty(); // the pool hands out a fresh connection
        assertThat(photos.image(id, false)).isEmpty();
        assertThat(field.visit(visit).orElseThrow().photos()).isZero();
        assertThat(audit.page("psc-gone", null, 10, 0)).isEmpty();
        assertThat(photos.upload(id).orElseThrow().received()).isEqualTo(4);
        assertThat(photos.received(id)).isEqualTo(bytes(4, 1));
        assertThat(photos.complete(photo(id, visit), bytes(50, 7), bytes(20, 8), entry("psc-gone-again", id)))
                .isInstanceOf(org.xiangtu.store.PhotoStore.Stored.class);
        assertThat(field.visit(visit).orElseThrow().photos()).isEqualTo(1);
    }
}

package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.store.FieldStore.Visit;
import org.xiangtu.store.PhotoStore.Accepted;
import org.xiangtu.store.PhotoStore.Limits;
import org.xiangtu.store.PhotoStore.OutOfOrder;
import org.xiangtu.store.PhotoStore.OverLimit;
import org.xiangtu.store.PhotoStore.Photo;
import org.xiangtu.store.PhotoStore.Upload;

/**
 * The {@link PhotoStore} contract, run on every backend holding the county's demo data: an upload resumes
 * where its chunks end after a cut; a chunk out of order changes nothing; a finished photo is stored once with
 * both images, its visit's photo count one more and its audit entry, and its upload gone; a resent photo
 * is stored once; the limits count stored photos and open uploads; an expired upload is dropped. Each
 * test uses a visit of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class PhotoStoreContract {
    protected static final String CADRE = "gb50015100300101";
    protected static final String VILLAGE = "500151003001";
    protected static final String HOUSEHOLD = "5001510030010001";
    protected static final Limits ROOMY = new Limits(6, 20, Instant.parse("2000-01-01T00:00:00Z"));
    private WorkBackend backend;
    protected PhotoStore photos;
    protected FieldStore field;
    protected AuditStore audit;

    /** A fresh backend holding the county's demo data. */
    protected abstract WorkBackend open() throws Exception;

    @BeforeAll
    void openStore() throws Exception {
        backend = open();
        photos = backend.work().photos();
        field = backend.work().field();
        audit = backend.work().audit();
    }

    @AfterAll
    void closeStore() {
        if (backend != null) {
            backend.close();
        }
    }

    /** A new visit of {@link #CADRE}'s, stored. */
    protected String newVisit() {
        String id = UUID.randomUUID().toString();
        field.addVisit(new Visit(id, HOUSEHOLD, VILLAGE, CADRE, "2020-06-10T10:00:00+08:00", "monthly", null, 0,
                null, null, Instant.now().truncatedTo(ChronoUnit.MILLIS)), new AuditEntry(0, Instant.now(), CADRE,
                "192.0.2.1", "psc-visit", id, "ok", "{}"));
        return id;
    }

    protected static Upload upload(String id, String visit, long bytes, Instant created) {
        return new Upload(id, CADRE, "visit", visit, bytes, "ab".repeat(32), "image/jpeg", "2020-06-10T09:00:00",
                106.0421, 29.8448, 106.0422, 29.8449, 0, created);
    }

    protected static Photo photo(String id, String visit) {
        return new Photo(id, "visit", visit, CADRE, VILLAGE, HOUSEHOLD, "2020-06-10T09:00:00", 106.0421, 29.8448,
                106.0422, 29.8449, "far_from_fix", 10, 4, 3, "ab".repeat(32),
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    protected static AuditEntry entry(String action, String id) {
        return new AuditEntry(0, Instant.now(), CADRE, "192.0.2.1", action, id, "ok", "{}");
    }

    protected static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) seed);
        return b;
    }

    @Test
    void an_upload_resumes_where_its_chunks_end() {
        String visit = newVisit();
        String id = UUID.randomUUID().toString();
        assertThat(photos.begin(upload(id, visit, 10, Instant.now()), ROOMY)).isInstanceOf(PhotoStore.Started.class);
        assertThat(photos.append(id, 0, bytes(4, 1))).isInstanceOf(Accepted.class);
        // the cut: the device asks where it stands and begins again
        assertThat(photos.upload(id).orElseThrow().received()).isEqualTo(4);
        PhotoStore.Begun again = photos.begin(upload(id, visit, 10, Instant.now()), ROOMY);
        assertThat(again).isInstanceOf(PhotoStore.Resumed.class);
        assertThat(((PhotoStore.Resumed) again).upload().received()).isEqualTo(4);
        assertThat(((Accepted) photos.append(id, 4, bytes(3, 2))).upload().received()).isEqualTo(7);
        byte[] expected = new byte[] {1, 1, 1, 1, 2, 2, 2};
        assertThat(photos.received(id)).isEqualTo(expected);
    }

    @Test
    void a_chunk_out_of_order_or_sent_twice_changes_nothing() {
        String visit = newVisit();
        String id = UUID.randomUUID().toString();
        photos.begin(upload(id, visit, 10, Instant.now()), ROOMY);
        photos.append(id, 0, bytes(4, 1));
        assertThat(photos.append(id, 6, bytes(2, 9))).isEqualTo(new OutOfOrder(4));
        assertThat(photos.append(id, 0, bytes(4, 1))).isEqualTo(new OutOfOrder(4)); // a resent chunk
        assertThat(photos.received(id)).isEqualTo(bytes(4, 1));
        assertThat(photos.append(UUID.randomUUID().toString(), 0, bytes(1, 1)))
                .isInstanceOf(PhotoStore.NoUpload.class);
    }

    @Test
    void a_finished_photo_is_stored_once_with_its_visit_count_and_audit_entry() {
        String visit = newVisit();
        String id = UUID.randomUUID().toString();
        photos.begin(upload(id, visit, 10, Instant.now()), ROOMY);
        photos.append(id, 0, bytes(4, 1));
        byte[] full = bytes(50, 7);
        byte[] thumb = bytes(20, 8);
        PhotoStore.Completed done = photos.complete(photo(id, visit), full, thumb, entry("psc-photo", id));
        assertThat(done).isInstanceOf(PhotoStore.Stored.class);
        assertThat(((PhotoStore.Stored) done).recordPhotos()).isEqualTo(1);
        assertThat(field.visit(visit).orElseThrow().photos()).isEqualTo(1);
        assertThat(photos.upload(id)).isEmpty();
        assertThat(photos.received(id)).isEmpty();
        assertThat(photos.image(id, false)).hasValue(full);
        assertThat(photos.image(id, true)).hasValue(thumb);
        Photo p = photos.photo(id).orElseThrow();
        assertThat(p).usingRecursiveComparison().ignoringFields("createdAt").isEqualTo(photo(id, visit));
        assertThat(photos.photos("visit", visit)).extracting(Photo::id).containsExactly(id);
        // resent: stored once, counted once, audited once
        assertThat(photos.complete(photo(id, visit), full, thumb, entry("psc-photo", id)))
                .isInstanceOf(PhotoStore.Duplicate.class);
        assertThat(photos.begin(upload(id, visit, 10, Instant.now()), ROOMY))
                .isInstanceOf(PhotoStore.AlreadyStored.class);
        assertThat(photos.upload(id)).isEmpty();
        assertThat(field.visit(visit).orElseThrow().photos()).isEqualTo(1);
        assertThat(audit.page("psc-photo", null, 10, 0)).extracting(AuditEntry::target).containsOnlyOnce(id);
    }

    @Test
    void a_thumbnail_made_later_is_kept_once() {
        String visit = newVisit();
        String id = UUID.randomUUID().toString();
        photos.begin(upload(id, visit, 10, Instant.now()), ROOMY);
        byte[] full = bytes(50, 7);
        assertThat(photos.complete(photo(id, visit), full, new byte[0], entry("psc-later", id)))
                .isInstanceOf(PhotoStore.Stored.class);
        assertThat(photos.image(id, true)).hasValue(new byte[0]);
        assertThat(photos.setThumbnail(id, bytes(20, 8))).isTrue();
        assertThat(photos.setThumbnail(id, bytes(21, 9))).isFalse(); // made already: the first one stays
        assertThat(photos.image(id, true)).hasValue(bytes(20, 8));
        assertThat(photos.image(id, false)).hasValue(full);
        assertThat(photos.setThumbnail(UUID.randomUUID().toString(), bytes(20, 8))).isFalse();
    }

    @Test
    void discarding_an_upload_starts_it_again_at_zero() {
        String visit = newVisit();
        String id = UUID.randomUUID().toString();
        photos.begin(upload(id, visit, 10, Instant.now()), ROOMY);
        photos.append(id, 0, bytes(4, 1));
        photos.discard(id);
        assertThat(photos.upload(id).orElseThrow().received()).isZero();
        assertThat(photos.received(id)).isEmpty();
        assertThat(photos.photo(id)).isEmpty();
    }

    @Test
    void the_limits_count_stored_photos_and_open_uploads() {
        String visit = newVisit();
        Limits two = new Limits(2, 20, Instant.parse("2000-01-01T00:00:00Z"));
        String stored = UUID.randomUUID().toString();
        photos.begin(upload(stored, visit, 10, Instant.now()), two);
        photos.complete(photo(stored, visit), bytes(5, 1), bytes(2, 1), entry("psc-limit", stored));
        photos.begin(upload(UUID.randomUUID().toString(), visit, 10, Instant.now()), two);
        assertThat(photos.begin(upload(UUID.randomUUID().toString(), visit, 10, Instant.now()), two))
                .isEqualTo(new OverLimit("photos.maxPerRecord", 2));
        String other = newVisit();
        Limits oneOpen = new Limits(6, 1, Instant.parse("2000-01-01T00:00:00Z"));
        // the cadre has an open upload (on the first visit) already
        assertThat(photos.begin(upload(UUID.randomUUID().toString(), other, 10, Instant.now()), oneOpen))
                .isEqualTo(new OverLimit("photos.maxOpenPerCadre", 1));
    }

    @Test
    void an_upload_past_its_expiry_is_dropped_with_its_chunks() {
        String visit = newVisit();
        String old = UUID.randomUUID().toString();
        Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");
        photos.begin(upload(old, visit, 10, longAgo), ROOMY);
        photos.append(old, 0, bytes(4, 1));
        photos.begin(upload(UUID.randomUUID().toString(), visit, 10, Instant.now()),
                new Limits(6, 20, Instant.parse("2002-01-01T00:00:00Z")));
        assertThat(photos.upload(old)).isEmpty();
        assertThat(photos.received(old)).isEmpty();
    }

    @Test
    void a_photo_without_its_images_is_refused_and_nothing_is_written() {
        String visit = newVisit();
        String id = UUID.randomUUID().toString();
        assertThatThrownBy(() -> photos.complete(photo(id, visit), null, bytes(1, 1), entry("psc-bad", id)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(photos.photo(id)).isEmpty();
        assertThat(field.visit(visit).orElseThrow().photos()).isZero();
    }
}

package org.xiangtu.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.config.ConfigLoader;
import org.xiangtu.service.WorkGate;
import org.xiangtu.store.memory.MemoryWorkStore;

/**
 * The photos' finishing work goes through the gate: while it is busy the last chunk is refused before anything
 * is read or stored (the upload keeps what it received, so the device sends that chunk again later), the
 * thumbnail is not made either; once a turn comes the same chunk finishes the photo.
 */
class FieldPhotosGateTest {
    private static final String CADRE = "gb50015100300101";
    private static final String HOUSEHOLD = "5001510030010001";
    private static final Instant NOW = Instant.parse("2020-10-20T02:00:00Z");
    private final MemoryWorkStore store = new MemoryWorkStore().withDemoHouseholds();
    private final AtomicBoolean busy = new AtomicBoolean();
    private final WorkGate gate = new WorkGate("photos", 1, 0, 0);

    private <T> T turn(Supplier<T> work) {
        if (busy.get()) {
            return gate.run(() -> gate.run(work)); // the one turn is taken and nobody may wait: refused
        }
        return gate.run(work);
    }

    @Test
    void a_busy_gate_refuses_the_last_chunk_and_keeps_what_was_received() throws Exception {
        ChangeFeed feed = new ChangeFeed();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        FieldVisits visits = new FieldVisits(CatalogLoader.read(DataSource.folder(Path.of("data"))), store.field(),
                feed, clock);
        FieldPhotos photos = new FieldPhotos(store.photos(), feed, ConfigLoader.defaults().photos(),
                code -> Optional.empty(), clock, this::turn);
        String visit = UUID.randomUUID().toString();
        visits.add(CADRE, "192.0.2.7", new FieldVisits.Request(visit, HOUSEHOLD, "monthly", "2020-10-14T09:40:00+08:00",
                null, null, null));
        byte[] jpeg = Files.readAllBytes(Path.of("src/test/resources/fixtures/photo-exif-gps.jpg"));
        String id = UUID.randomUUID().toString();
        photos.begin(CADRE, new FieldPhotos.Begin(id, "visit", visit, (long) jpeg.length, FieldPhotos.sha256(jpeg),
                "image/jpeg", null, null, null, null, null));
        photos.put(CADRE, "192.0.2.7", id, 0, jpeg.length, Arrays.copyOf(jpeg, 1000));
        busy.set(true);
        byte[] rest = Arrays.copyOfRange(jpeg, 1000, jpeg.length);
        assertThatThrownBy(() -> photos.put(CADRE, "192.0.2.7", id, 1000, jpeg.length, rest))
                .isInstanceOf(WorkGate.BusyException.class);
        assertThat(photos.state(CADRE, id)).isEqualTo(new FieldPhotos.State(id, 1000, jpeg.length, false));
        busy.set(false);
        assertThat(photos.put(CADRE, "192.0.2.7", id, 1000, jpeg.length, rest).complete()).isTrue();
        busy.set(true);
        assertThatThrownBy(() -> photos.image(org.xiangtu.catalog.Role.CADRE, CADRE, id, true))
                .isInstanceOf(WorkGate.BusyException.class);
        assertThat(store.photos().image(id, true).orElseThrow()).isEmpty();
        busy.set(false);
        assertThat(photos.image(org.xiangtu.catalog.Role.CADRE, CADRE, id, true)).isNotEmpty();
    }
}

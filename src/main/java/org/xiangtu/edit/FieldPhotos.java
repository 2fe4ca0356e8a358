package org.xiangtu.edit;

import java.awt.image.BufferedImage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.xiangtu.account.AuditLog;
import org.xiangtu.catalog.Role;
import org.xiangtu.config.AppConfig;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.PhotoStore;
import org.xiangtu.store.PhotoStore.Owner;
import org.xiangtu.store.PhotoStore.Photo;
import org.xiangtu.store.PhotoStore.Upload;

/**
 * The field app's photo rules: a cadre uploads photos of their own visits and work logs in chunks that
 * resume after a cut, and the roles that may see a record's photos read them.
 *
 * <p>An upload is begun with what the device knows ({@link Begin}: the photo id it chose, the record, the
 * size and SHA-256 of the bytes it will send, the EXIF time and position it read and its own fix), then
 * sent in chunks, each starting where the received bytes end. The last chunk is checked against the
 * SHA-256 (a mismatch drops what was received: the device starts again); a JPEG is kept as the device made
 * it with its metadata segments removed byte-wise ({@link JpegStrip}: no decoding, its size from its frame
 * header), a PNG is decoded and re-encoded as a JPEG without metadata; the photo is flagged
 * ({@code far_from_fix}: the EXIF position more than {@value #FAR_METRES} m from the device's fix; {@code outside_village}: the EXIF position, else the fix,
 * outside the household's village) and stored in one transaction with the record's photo count and the
 * audit entry ({@link PhotoStore#complete}), then announced on the {@link ChangeFeed} with public figures
 * only. Anything sent again is stored once. Limits ({@code photos.*}) are refused naming the limit. The
 * thumbnail is made at its first request and kept. Finishing a photo and making a thumbnail or stamped copy
 * run through a {@link Gate} ({@code photos.finishAtOnce} at a time), so a crowd of devices finishing at
 * once holds a bounded number of photos in memory.
 *
 * <p>Who sees what: the full image and the thumbnail reach the owning cadre, leaders and admins; a copy with
 * time, village and cadre stamped on it reaches planners and admins; anybody else is told the photo does not
 * exist ({@link FieldVisits.NotYours}).
 */
public final class FieldPhotos {
    /** Beyond this distance from the device's fix, an EXIF position is flagged {@code far_from_fix}. */
    public static final int FAR_METRES = 500;
    public static final List<String> CONTENT_TYPES = List.of("image/jpeg", "image/png", "image/webp");
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern TAKEN_AT = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,3})?(Z|[+-]\\d{2}:\\d{2})?");
    private static final GeometryFactory POINTS = new GeometryFactory();

    /** An upload as begun on the device; null fields are absent. */
    public record Begin(String id, String record, String recordId, Long bytes, String sha256, String contentType,
            String takenAt, Double lon, Double lat, Double deviceLon, Double deviceLat) {
    }

    /** Where an upload stands: bytes received of the total, and whether the photo is stored. */
    public record State(String id, long received, long bytes, boolean complete) {
    }

    /** {@link #begin}'s answer: {@code created} when this call began the upload. */
    public record Begun(boolean created, State state) {
    }

    /**
     * A refused request, nothing written: the HTTP status it maps to, the field or limit at fault and the
     * extra members of the problem (e.g. {@code limit} and {@code max}, or {@code received}).
     */
    public static final class Refused extends Refusal {
        Refused(int status, String field, String detail, Map<String, Object> extra) {
            super(status, field, detail, extra);
        }
    }

    private final PhotoStore store;
    private final ChangeFeed feed;
    private final AppConfig.Photos limits;
    private final Function<String, Optional<Geometry>> villages;
    private final Clock clock;
    private final Gate gate;

    /**
     * Runs the costly photo work in bounded turns (the server's {@code WorkGate}); when busy it throws an
     * exception the web layer answers 503 with {@code Retry-After}, and the work does not run.
     */
    public interface Gate {
        <T> T run(Supplier<T> work);
    }

    /** @param villages a village's outline by its code (lon/lat), for the {@code outside_village} flag */
    public FieldPhotos(PhotoStore store, ChangeFeed feed, AppConfig.Photos limits,
            Function<String, Optional<Geometry>> villages, Clock clock, Gate gate) {
        this.gate = gate;
        this.store = store;
        this.feed = feed;
        this.limits = limits;
        this.villages = villages;
        this.clock = clock;
    }

    /** The largest chunk of one {@code PUT} ({@code photos.maxChunkBytes}). */
    public int maxChunkBytes() {
        return limits.maxChunkBytes();
    }

    /** The refusal of a chunk larger than {@code photos.maxChunkBytes} (413 naming the limit). */
    public Refused chunkTooLarge() {
        return limit(413, "photos.maxChunkBytes", limits.maxChunkBytes(), "A chunk is larger than "
                + limits.maxChunkBytes() + " bytes; send smaller pieces.");
    }

    /** Refuses a chunk larger than {@code photos.maxChunkBytes}. */
    private void checkChunkLength(long length) {
        if (length > limits.maxChunkBytes()) {
            throw chunkTooLarge();
        }
    }

    /**
     * Begins an upload of the cadre's, or answers where the one begun (or stored) before under its id stands.
     *
     * @throws Refused when a field is not valid or a limit is reached
     * @throws FieldVisits.NotYours when the record is not one of the cadre's, or the id is another cadre's
     */
    public Begun begin(String cadre, Begin b) {
        if (b.id() == null || !UUID.matcher(b.id()).matches()) {
            throw invalid("id", "'id' must be the UUID the device chose for this photo.");
        }
        if (b.record() == null || !PhotoStore.KINDS.contains(b.record())) {
            throw invalid("record", "'record' must be one of " + PhotoStore.KINDS + ".");
        }
        if (b.bytes() == null || b.bytes() < 1) {
            throw invalid("bytes", "'bytes' must be the photo's size in bytes.");
        }
        if (b.bytes() > limits.maxBytes()) {
            throw limit(413, "photos.maxBytes", limits.maxBytes(), "The photo is larger than "
                    + limits.maxBytes() + " bytes; reduce it on the device.");
        }
        if (b.sha256() == null || !SHA256.matcher(b.sha256()).matches()) {
            throw invalid("sha256", "'sha256' must be the SHA-256 of the photo's bytes, 64 lower-case hex digits.");
        }
        String type = b.contentType() == null ? "image/jpeg" : b.contentType();
        if (!CONTENT_TYPES.contains(type)) {
            throw invalid("content_type", "'content_type' must be one of " + CONTENT_TYPES + ".");
        }
        if (b.takenAt() != null && !TAKEN_AT.matcher(b.takenAt()).matches()) {
            throw invalid("taken_at", "'taken_at' must be a date and time such as 2020-10-14T09:35:00 (offset optional).");
        }
        checkPosition("lon", "lat", b.lon(), b.lat());
        checkPosition("device_lon", "device_lat", b.deviceLon(), b.deviceLat());
        Owner owner = own(cadre, b.record(), b.recordId());
        Instant now = now();
        Upload u = new Upload(b.id(), cadre, owner.kind(), owner.id(), b.bytes(), b.sha256(), type, b.takenAt(),
                b.lon(), b.lat(), b.deviceLon(), b.deviceLat(), 0, now);
        PhotoStore.Begun r = store.begin(u, new PhotoStore.Limits(limits.maxPerRecord(), limits.maxOpenPerCadre(),
                now.minus(Duration.ofHours(limits.expiryHours()))));
        if (r instanceof PhotoStore.Started s) {
            return new Begun(true, state(s.upload()));
        }
        if (r instanceof PhotoStore.Resumed s) {
            return new Begun(false, state(mine(cadre, s.upload())));
        }
        if (r instanceof PhotoStore.AlreadyStored s) {
            return new Begun(false, state(mine(cadre, s.photo())));
        }
        PhotoStore.OverLimit o = (PhotoStore.OverLimit) r;
        boolean open = o.limit().equals("photos.maxOpenPerCadre");
        throw limit(open ? 429 : 422, o.limit(), o.max(), open
                ? "You have " + o.max() + " unfinished photo uploads; finish them or let them expire first."
                : "This record has " + o.max() + " photos already.");
    }

    /** Where an upload of the cadre's stands. @throws FieldVisits.NotYours when it is not theirs or absent */
    public State state(String cadre, String id) {
        Optional<Upload> open = store.upload(id);
        if (open.isPresent()) {
            return state(mine(cadre, open.get()));
        }
        return state(mine(cadre, store.photo(id).orElseThrow(FieldVisits.NotYours::new)));
    }

    /**
     * Takes the chunk {@code [start, start + data.length)} of an upload of the cadre's whose total is
     * {@code total}; the last chunk finishes the photo (see the class comment).
     *
     * @throws Refused out of order (409 with {@code received}), a wrong total (400), a SHA-256 mismatch or a
     *     breached limit (422, 413), not an image (415)
     */
    public State put(String cadre, String address, String id, long start, long total, byte[] data) {
        checkChunkLength(data.length);
        Optional<Upload> open = store.upload(id);
        if (open.isEmpty()) {
            return state(mine(cadre, store.photo(id).orElseThrow(FieldVisits.NotYours::new)));
        }
        Upload u = mine(cadre, open.get());
        if (total != u.bytes()) {
            throw invalid("Content-Range", "The total in Content-Range must be the photo's size, " + u.bytes() + ".");
        }
        if (start != u.received()) {
            throw outOfOrder(u.received());
        }
        if (start + data.length < total) {
            PhotoStore.Appended a = store.append(id, start, data);
            if (a instanceof PhotoStore.Accepted ok) {
                return state(ok.upload());
            }
            if (a instanceof PhotoStore.OutOfOrder o) {
                throw outOfOrder(o.received());
            }
            return state(cadre, id); // finished or expired meanwhile
        }
        if (start + data.length > total) {
            throw invalid("Content-Range", "The chunk runs past the photo's size, " + total + ".");
        }
        return gate.run(() -> finish(u, address, concat(store.received(id), data)));
    }

    private State finish(Upload sent, String address, byte[] bytes) {
        Upload u = sent;
        if (bytes.length != u.bytes() || !sha256(bytes).equals(u.sha256())) {
            store.discard(u.id());
            throw new Refused(422, "sha256", "The photo's bytes do not match its SHA-256 (a chunk was cut or "
                    + "garbled); what was received is dropped: send the photo again from the start.",
                    Map.of("received", 0));
        }
        byte[] full;
        int width;
        int height;
        try {
            if (JpegStrip.looksLikeJpeg(bytes)) {
                u = withExif(sent, ExifFacts.read(bytes)); // before the strip removes them
                JpegStrip.Stripped stripped = JpegStrip.strip(bytes, limits.maxPixels());
                full = stripped.jpeg();
                width = stripped.width();
                height = stripped.height();
            } else {
                BufferedImage image = PhotoImages.decode(bytes, limits.maxPixels());
                full = PhotoImages.jpeg(image);
                width = image.getWidth();
                height = image.getHeight();
            }
        } catch (PhotoImages.NotAnImage e) {
            store.discard(u.id());
            throw new Refused(415, "content", "The content is not a JPEG or PNG image this server can read.",
                    Map.of());
        } catch (PhotoImages.TooManyPixels e) {
            store.discard(u.id());
            throw limit(422, "photos.maxPixels", limits.maxPixels(), "The photo has more than "
                    + limits.maxPixels() + " pixels; reduce it on the device.");
        }
        Owner owner = store.owner(u.recordKind(), u.recordId()).orElseThrow(FieldVisits.NotYours::new);
        String flags = String.join(",", flags(u, owner));
        Photo photo = new Photo(u.id(), u.recordKind(), u.recordId(), u.cadre(), owner.villageCode(),
                owner.householdCode(), u.takenAt(), u.lon(), u.lat(), u.deviceLon(), u.deviceLat(), flags,
                u.bytes(), width, height, u.sha256(), now());
        String detail = AuditLog.json(Map.of("record", u.recordKind(), "record_id", u.recordId(), "village",
                String.valueOf(owner.villageCode()), "flags", flags, "bytes", u.bytes()));
        PhotoStore.Completed done = store.complete(photo, full, new byte[0], // the thumbnail: at its first GET
                new AuditEntry(0, photo.createdAt(), u.cadre(), address, "photo-add", u.id(), "ok", detail));
        if (done instanceof PhotoStore.Stored s) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("village_code", owner.villageCode());
            data.put("record", u.recordKind());
            feed.publish("photo", List.of(u.recordKind().equals("visit") ? "visits" : "work_logs"), data);
        }
        return state(done.photo());
    }

    /** The stored photo's JPEG (thumbnail or full) for the owning cadre, leaders and admins. */
    public byte[] image(Role role, String user, String id, boolean thumbnail) {
        Photo p = store.photo(id).orElseThrow(FieldVisits.NotYours::new);
        if (!seesPhotos(role, user, p.cadre())) {
            throw new FieldVisits.NotYours();
        }
        byte[] bytes = store.image(id, thumbnail).orElseThrow(FieldVisits.NotYours::new);
        return thumbnail && bytes.length == 0 ? gate.run(() -> makeThumbnail(id)) : bytes;
    }

    /** The thumbnail of a stored photo whose thumbnail is not made yet: made from the full image, and kept. */
    private byte[] makeThumbnail(String id) {
        byte[] made = store.image(id, true).orElseThrow(FieldVisits.NotYours::new);
        if (made.length > 0) {
            return made; // another request made it while this one waited for its turn
        }
        try {
            made = PhotoImages.thumbnail(store.image(id, false).orElseThrow(FieldVisits.NotYours::new),
                    limits.thumbnailSide());
        } catch (PhotoImages.NotAnImage e) {
            throw new IllegalStateException("stored photo " + id + " does not decode", e);
        }
        store.setThumbnail(id, made);
        return made;
    }

    /** The full image with its time, village and cadre stamped on it, for planners and admins. */
    public byte[] stamped(Role role, String id) {
        if (role != Role.PLANNER && role != Role.ADMIN) {
            throw new FieldVisits.NotYours();
        }
        Photo p = store.photo(id).orElseThrow(FieldVisits.NotYours::new);
        byte[] full = store.image(id, false).orElseThrow(FieldVisits.NotYours::new);
        return gate.run(() -> stamp(p, full));
    }

    private static byte[] stamp(Photo p, byte[] full) {
        try {
            String time = p.takenAt() != null ? p.takenAt() : p.createdAt().toString();
            return PhotoImages.jpeg(PhotoImages.stamp(PhotoImages.decode(full, Long.MAX_VALUE), List.of(
                    time.replace('T', ' '), "village " + p.villageCode() + "  cadre " + p.cadre())));
        } catch (PhotoImages.NotAnImage | PhotoImages.TooManyPixels e) {
            throw new IllegalStateException("stored photo " + p.id() + " does not decode", e);
        }
    }

    /**
     * The photos of a record, for the roles that may see them: its cadre, leaders and admins see every
     * field; planners see the public ones (time, village, size, flags) and the stamped copy's address.
     */
    public List<Map<String, Object>> list(Role role, String user, String kind, String recordId) {
        if (!PhotoStore.KINDS.contains(kind)) {
            throw invalid("record", "'record' must be one of " + PhotoStore.KINDS + ".");
        }
        boolean planner = role == Role.PLANNER;
        Owner owner = store.owner(kind, recordId).orElseThrow(FieldVisits.NotYours::new);
        if (!planner && !seesPhotos(role, user, owner.cadre())) {
            throw new FieldVisits.NotYours();
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Photo p : store.photos(kind, recordId)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("taken_at", p.takenAt());
            m.put("village_code", p.villageCode());
            m.put("width", p.width());
            m.put("height", p.height());
            m.put("flags", p.flags().isEmpty() ? List.of() : List.of(p.flags().split(",")));
            if (!planner) {
                m.put("record", p.recordKind());
                m.put("record_id", p.recordId());
                m.put("household_code", p.householdCode());
                m.put("cadre", p.cadre());
                m.put("lon", p.lon());
                m.put("lat", p.lat());
                m.put("device_lon", p.deviceLon());
                m.put("device_lat", p.deviceLat());
                m.put("thumbnail", "/api/photos/" + p.id() + "?size=thumb");
                m.put("full", "/api/photos/" + p.id() + "?size=full");
            }
            if (role == Role.PLANNER || role == Role.ADMIN) {
                m.put("stamped", "/api/photos/" + p.id() + "/stamped");
            }
            out.add(m);
        }
        return out;
    }

    private static boolean seesPhotos(Role role, String user, String cadre) {
        return role == Role.LEADER || role == Role.ADMIN || (role == Role.CADRE && user != null && user.equals(cadre));
    }

    /** The flags of a photo: its EXIF position far from the device's fix, or outside the village. */
    List<String> flags(Upload u, Owner owner) {
        List<String> flags = new ArrayList<>();
        if (u.lon() != null && u.deviceLon() != null
                && metres(u.lon(), u.lat(), u.deviceLon(), u.deviceLat()) > FAR_METRES) {
            flags.add("far_from_fix");
        }
        Double lon = u.lon() != null ? u.lon() : u.deviceLon();
        Double lat = u.lon() != null ? u.lat() : u.deviceLat();
        if (lon != null && owner.villageCode() != null) {
            Optional<Geometry> village = villages.apply(owner.villageCode());
            if (village.isPresent() && !village.get().covers(POINTS.createPoint(new Coordinate(lon, lat)))) {
                flags.add("outside_village");
            }
        }
        return flags;
    }

    /** Great-circle distance in metres (spherical Earth, 6,371 km). */
    static double metres(double lon1, double lat1, double lon2, double lat2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    private Owner own(String cadre, String kind, String recordId) {
        if (recordId == null || recordId.isBlank()) {
            throw invalid("record_id", "'record_id' must be the id of one of your " + kind + " records.");
        }
        return store.owner(kind, recordId).filter(o -> cadre.equals(o.cadre()))
                .orElseThrow(FieldVisits.NotYours::new);
    }

    private static Upload mine(String cadre, Upload u) {
        if (!cadre.equals(u.cadre())) {
            throw new FieldVisits.NotYours();
        }
        return u;
    }

    private static Photo mine(String cadre, Photo p) {
        if (!cadre.equals(p.cadre())) {
            throw new FieldVisits.NotYours();
        }
        return p;
    }

    /** The upload with the EXIF time and position the server read where the device sent none. */
    static Upload withExif(Upload u, ExifFacts.Facts exif) {
        boolean position = u.lon() == null && exif.lon() != null;
        String taken = u.takenAt() == null ? exif.takenAt() : u.takenAt();
        return new Upload(u.id(), u.cadre(), u.recordKind(), u.recordId(), u.bytes(), u.sha256(), u.contentType(),
                taken, position ? exif.lon() : u.lon(), position ? exif.lat() : u.lat(), u.deviceLon(),
                u.deviceLat(), u.received(), u.createdAt());
    }

    private static State state(Upload u) {
        return new State(u.id(), u.received(), u.bytes(), false);
    }

    private static State state(Photo p) {
        return new State(p.id(), p.bytes(), p.bytes(), true);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static void checkPosition(String lonField, String latField, Double lon, Double lat) {
        if ((lon == null) != (lat == null)) {
            throw invalid(lon == null ? lonField : latField, "Send both '" + lonField + "' and '" + latField
                    + "', or neither.");
        }
        if (lon != null && !(lon >= -180 && lon <= 180)) {
            throw invalid(lonField, "'" + lonField + "' must be a longitude, -180–180.");
        }
        if (lat != null && !(lat >= -90 && lat <= 90)) {
            throw invalid(latField, "'" + latField + "' must be a latitude, -90–90.");
        }
    }

    private static Refused invalid(String field, String detail) {
        return new Refused(400, field, detail, Map.of());
    }

    private static Refused limit(int status, String limit, long max, String detail) {
        return new Refused(status, limit, detail, Map.of("limit", limit, "max", max));
    }

    private static Refused outOfOrder(long received) {
        return new Refused(409, "Content-Range", "The chunk must start at " + received + ", the bytes received so "
                + "far; resume from there.", Map.of("received", received));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

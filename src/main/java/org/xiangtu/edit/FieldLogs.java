package org.xiangtu.edit;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.xiangtu.account.AuditLog;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.edit.FieldVisits.InvalidVisit;
import org.xiangtu.edit.FieldVisits.NotYours;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.FieldStore;
import org.xiangtu.store.FieldStore.Household;
import org.xiangtu.store.FieldStore.WorkLog;

/**
 * The field app's work logs and assistance measures (catalogue layer {@code work_logs}): what a cadre
 * writes down about one of their households, or about a whole village where they have households.
 *
 * <p>A log names exactly one of {@code household_code} (one of the cadre's households, else
 * {@link NotYours}) or {@code village_code} (a village where the cadre has households, else
 * {@link NotYours}: the same 404 whether the village exists or not); a kind of the catalogue's
 * {@code work_logs.kind}; a local time {@code at} (ISO date-time with offset, at most a day ahead) and a
 * text of 1 to {@link #MAX_TEXT} characters. Its position is the household's, or the centroid of the
 * village's boundary. Its id is chosen on the device (a UUID): a log sent again is stored once and
 * answered with what is stored. Invalid input is {@link InvalidVisit} naming the field, as for visits.
 * An accepted log is audited in its transaction and announced on the {@link ChangeFeed} with its layer
 * and village only (no person, no text).
 */
public final class FieldLogs {
    public static final int MAX_TEXT = 2_000;
    /** The most logs one page lists, and the default. */
    public static final int MAX_PAGE = 200;
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /** A log as sent from the device; null fields are absent. */
    public record Request(String id, String householdCode, String villageCode, String kind, String at, String text) {
    }

    /** The stored log; {@code created} is false when it was stored before (a resend). */
    public record Result(boolean created, WorkLog log) {
    }

    private final FieldStore store;
    private final FeatureStore features;
    private final ChangeFeed feed;
    private final List<String> kinds;
    private final Clock clock;

    /** @param features where the villages' boundaries are read (the position of a village's log) */
    public FieldLogs(Catalog catalog, FieldStore store, FeatureStore features, ChangeFeed feed, Clock clock) {
        this.store = store;
        this.features = features;
        this.feed = feed;
        this.clock = clock;
        this.kinds = catalog.layer("work_logs").flatMap(l -> l.field("kind")).map(FieldDef::enumValues)
                .orElse(List.of());
    }

    /** The cadre's logs, newest first; {@code limit} is clamped to 1…{@link #MAX_PAGE}. */
    public List<WorkLog> logs(String cadre, int limit, int offset) {
        return store.logs(cadre, Math.max(1, Math.min(MAX_PAGE, limit)), Math.max(0, offset));
    }

    /**
     * Checks and stores a log of the cadre's, or answers the one stored before under its id.
     *
     * @throws InvalidVisit when a field is not valid (nothing is written)
     * @throws NotYours when the household or village is not one of the cadre's, or the id is another cadre's log
     */
    public Result add(String cadre, String address, Request r) {
        if (r.id() == null || !UUID.matcher(r.id()).matches()) {
            throw new InvalidVisit("id", "'id' must be the UUID the device chose for this log.");
        }
        if ((r.householdCode() == null) == (r.villageCode() == null)) {
            throw new InvalidVisit(r.householdCode() == null ? "household_code" : "village_code",
                    "Send exactly one of 'household_code' (a log about one household) and 'village_code' (about "
                            + "a village).");
        }
        if (r.kind() == null || !kinds.contains(r.kind())) {
            throw new InvalidVisit("kind", "'kind' must be one of " + kinds + ".");
        }
        String at = at(r.at());
        if (r.text() == null || r.text().isBlank()) {
            throw new InvalidVisit("text", "'text' must say what was done.");
        }
        if (r.text().length() > MAX_TEXT) {
            throw new InvalidVisit("text", "'text' is longer than " + MAX_TEXT + " characters.");
        }
        String village;
        Double lon;
        Double lat;
        if (r.householdCode() != null) {
            Household h = store.household(r.householdCode()).filter(x -> cadre.equals(x.cadre()))
                    .orElseThrow(NotYours::new);
            village = h.villageCode();
            lon = h.lon();
            lat = h.lat();
        } else {
            village = r.villageCode();
            if (store.households(cadre).stream().noneMatch(h -> village.equals(h.villageCode()))) {
                throw new NotYours("None of your households is in this village.");
            }
            Point centre = features.feature("villages", "village-" + village, List.of()).map(f -> f.geometry())
                    .filter(g -> g != null && !g.isEmpty()).map(Geometry::getCentroid).orElse(null);
            lon = centre == null ? null : centre.getX();
            lat = centre == null ? null : centre.getY();
        }
        WorkLog log = new WorkLog(r.id(), r.householdCode(), village, cadre, at, r.kind(), r.text(), 0, lon, lat,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        Map<String, Object> detail = new LinkedHashMap<>();
        if (r.householdCode() != null) {
            detail.put("household", r.householdCode());
        }
        detail.put("village", village);
        detail.put("kind", r.kind());
        FieldStore.LogOutcome outcome = store.addLog(log, new AuditEntry(0, log.updatedAt(), cadre, address,
                "log-add", r.id(), "ok", AuditLog.json(detail)));
        if (!cadre.equals(outcome.log().cadre())) {
            throw new NotYours(); // another cadre's log under this id: told nothing about it
        }
        if (outcome.created()) {
            feed.publish("work_log", List.of("work_logs"), Map.of("village_code", village));
        }
        return new Result(outcome.created(), outcome.log());
    }

    /** The log's local time, as {@code YYYY-MM-DDTHH:MM:SS±HH:MM}: with an offset, at most a day ahead. */
    private String at(String raw) {
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(raw == null ? "" : raw);
        } catch (DateTimeParseException e) {
            throw new InvalidVisit("at", "'at' must be the local date and time with its offset, "
                    + "e.g. 2020-10-14T09:35:00+08:00.");
        }
        if (t.toInstant().isAfter(clock.instant().plus(Duration.ofDays(1)))) {
            throw new InvalidVisit("at", "'at' is more than a day in the future.");
        }
        if (t.getYear() < 2000) {
            throw new InvalidVisit("at", "'at' is before 2000.");
        }
        return AT.format(t);
    }
}

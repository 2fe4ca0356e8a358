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
import org.xiangtu.account.AuditLog;
import org.xiangtu.analysis.HouseholdFigures;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore;
import org.xiangtu.store.FieldStore.Household;
import org.xiangtu.store.FieldStore.Visit;

/**
 * The field app's rules: what an assistance cadre sees and records.
 *
 * <p>A cadre sees only the households whose {@code cadre} is their user name; any other household code,
 * whether it exists or not, is {@link NotYours} (404, the same answer for both, so nothing is told about
 * other people's households). A visit names one of the cadre's households, a kind of the catalogue's
 * {@code visits.kind}, a local time {@code at} (ISO date-time with offset, at most a day ahead), an
 * optional note (≤ {@link #MAX_NOTE} characters) and an optional position inside the county's rough
 * extent (without one, the household's own position). Its id is chosen on the device (a UUID): a visit
 * sent again is stored once ({@link FieldStore}) and answered with what is stored. An accepted visit is
 * audited in its transaction and announced on the {@link ChangeFeed} (public figures only: its village,
 * month and the month's count), so the dashboard recomputes.
 */
public final class FieldVisits {
    public static final int MAX_NOTE = 2_000;
    /** The county's rough extent, lon/lat: positions outside it are typing or GPS errors. */
    static final double MIN_LON = 105.6;
    static final double MAX_LON = 106.4;
    static final double MIN_LAT = 29.6;
    static final double MAX_LAT = 30.1;
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /** A visit as sent from the device; null fields are absent. */
    public record Request(String id, String householdCode, String kind, String at, String note, Double lon,
            Double lat, String reported) {

        /** A visit that reports no event. */
        public Request(String id, String householdCode, String kind, String at, String note, Double lon, Double lat) {
            this(id, householdCode, kind, at, note, lon, lat, null);
        }
    }

    /** The stored visit; {@code created} is false when it was stored before (a resend). */
    public record Result(boolean created, Visit visit) {
    }

    /** A visit that is not valid, naming the field at fault; nothing is written. */
    public static final class InvalidVisit extends RuntimeException {
        private final String field;

        InvalidVisit(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** No household (or visit) of this cadre has this code (or id); said the same whether it exists or not. */
    public static final class NotYours extends RuntimeException {
        NotYours() {
            super("None of your households has this code.");
        }

        NotYours(String message) {
            super(message);
        }
    }

    private final FieldStore store;
    private final ChangeFeed feed;
    private volatile HouseholdChanged changed = HouseholdChanged.NONE;
    private final List<String> kinds;
    private final List<String> events;
    private final Clock clock;

    public FieldVisits(Catalog catalog, FieldStore store, ChangeFeed feed, Clock clock) {
        this.store = store;
        this.feed = feed;
        this.clock = clock;
        this.kinds = catalog.layer("visits").flatMap(l -> l.field("kind")).map(FieldDef::enumValues)
                .orElse(List.of());
        this.events = catalog.layer("visits").flatMap(l -> l.field("reported")).map(FieldDef::enumValues)
                .orElse(List.of());
    }

    /** Tells {@code listener} of every household this changes, after the commit (wired once, at start). */
    public FieldVisits notifying(HouseholdChanged listener) {
        this.changed = listener;
        return this;
    }

    /** The cadre's households, in code order. */
    public List<Household> households(String cadre) {
        return store.households(cadre);
    }

    /** One of the cadre's households. @throws NotYours when it is not one of theirs */
    public Household household(String cadre, String code) {
        return store.household(code).filter(h -> h.cadre() != null && h.cadre().equals(cadre))
                .orElseThrow(NotYours::new);
    }

    /**
     * Checks and stores a visit of the cadre's, or answers the one stored before under its id.
     *
     * @throws InvalidVisit when a field is not valid (nothing is written)
     * @throws NotYours when the household is not one of the cadre's, or the id is another cadre's visit
     */
    public Result add(String cadre, String address, Request r) {
        if (r.id() == null || !UUID.matcher(r.id()).matches()) {
            throw new InvalidVisit("id", "'id' must be the UUID the device chose for this visit.");
        }
        if (r.kind() == null || !kinds.contains(r.kind())) {
            throw new InvalidVisit("kind", "'kind' must be one of " + kinds + ".");
        }
        String at = at(r.at());
        if (r.reported() != null && !events.contains(r.reported())) {
            throw new InvalidVisit("reported", "'reported' must be one of " + events + ", or absent.");
        }
        if (r.note() != null && r.note().length() > MAX_NOTE) {
            throw new InvalidVisit("note", "'note' is longer than " + MAX_NOTE + " characters.");
        }
        checkPosition(r.lon(), r.lat());
        Household h = household(cadre, r.householdCode());
        boolean own = r.lon() != null;
        Visit visit = new Visit(r.id(), h.code(), h.villageCode(), cadre, at, r.kind(), r.note(), 0,
                own ? r.lon() : h.lon(), own ? r.lat() : h.lat(), clock.instant().truncatedTo(ChronoUnit.MILLIS),
                r.reported());
        String month = HouseholdFigures.monthOf(at);
        String detail = AuditLog.json(Map.of("household", h.code(), "village", h.villageCode(), "month", month,
                "kind", r.kind()));
        FieldStore.Outcome outcome = store.addVisit(visit, new AuditEntry(0, visit.updatedAt(), cadre, address,
                "visit-add", r.id(), "ok", detail));
        if (!cadre.equals(outcome.visit().cadre())) {
            throw new NotYours(); // another cadre's visit under this id: told nothing about it
        }
        if (outcome instanceof FieldStore.Added a) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("village_code", h.villageCode());
            data.put("month", month);
            data.put("visits", a.monthVisits());
            feed.publish("visit", List.of("visits", "home_visits"), data);
            if (a.visit().reported() != null) {
                HouseholdChanged.tell(changed, h.code());
            }
            return new Result(true, a.visit());
        }
        return new Result(false, outcome.visit());
    }

    /** The visit's local time, as {@code YYYY-MM-DDTHH:MM:SS±HH:MM}: with an offset, at most a day ahead. */
    private String at(String raw) {
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(raw == null ? "" : raw);
        } catch (DateTimeParseException e) {
            throw new InvalidVisit("at", "'at' must be the visit's local date and time with its offset, "
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

    private static void checkPosition(Double lon, Double lat) {
        if ((lon == null) != (lat == null)) {
            throw new InvalidVisit(lon == null ? "lon" : "lat", "Send both 'lon' and 'lat', or neither (the "
                    + "household's position is used).");
        }
        if (lon != null && !(lon >= MIN_LON && lon <= MAX_LON)) {
            throw new InvalidVisit("lon", "'lon' must be within the county, " + MIN_LON + "–" + MAX_LON + " E.");
        }
        if (lat != null && !(lat >= MIN_LAT && lat <= MAX_LAT)) {
            throw new InvalidVisit("lat", "'lat' must be within the county, " + MIN_LAT + "–" + MAX_LAT + " N.");
        }
    }
}

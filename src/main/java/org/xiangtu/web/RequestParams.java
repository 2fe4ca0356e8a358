package org.xiangtu.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.locationtech.jts.geom.Envelope;
import org.xiangtu.store.InvalidQueryException;
import org.xiangtu.store.TimeInterval;

/** Parses the standard query parameters; every error names the parameter. */
public final class RequestParams {
    private RequestParams() {
    }

    /** {@code minLon,minLat,maxLon,maxLat} (or six numbers with heights, which are ignored), WGS84. */
    public static Envelope parseBbox(String raw) {
        if (raw == null) {
            return null;
        }
        String[] parts = raw.split(",", -1);
        if (parts.length != 4 && parts.length != 6) {
            throw bad("bbox", "bbox needs 4 numbers (minLon,minLat,maxLon,maxLat), got " + parts.length + " values");
        }
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw bad("bbox", "bbox value " + (i + 1) + " is not a number: '" + parts[i] + "'");
            }
            if (!Double.isFinite(v[i])) {
                throw bad("bbox", "bbox value " + (i + 1) + " is not a finite number");
            }
        }
        int half = parts.length / 2;
        double minX = v[0];
        double minY = v[1];
        double maxX = v[half];
        double maxY = v[half + 1];
        if (minX < -180 || maxX > 180 || minY < -90 || maxY > 90) {
            throw bad("bbox", "bbox must lie within -180..180 longitude and -90..90 latitude");
        }
        if (minX > maxX || minY > maxY) {
            throw bad("bbox", "bbox minimum is greater than its maximum (crossing the antimeridian is not supported)");
        }
        return new Envelope(minX, maxX, minY, maxY);
    }

    /** A positive whole number; above {@code max} it is lowered to {@code max} (as OGC API Features allows). */
    public static int parseLimit(String raw, int defaultLimit, int max) {
        if (raw == null) {
            return defaultLimit;
        }
        long n = parseWhole("limit", raw);
        if (n < 1) {
            throw bad("limit", "limit must be at least 1, not " + raw);
        }
        return (int) Math.min(n, max);
    }

    public static int parseOffset(String raw) {
        if (raw == null) {
            return 0;
        }
        long n = parseWhole("offset", raw);
        if (n < 0 || n > Integer.MAX_VALUE) {
            throw bad("offset", "offset must be 0 or more, not " + raw);
        }
        return (int) n;
    }

    /** An instant, a date (the whole UTC day) or an interval {@code start/end} with {@code ..} for open. */
    public static TimeInterval parseDatetime(String raw) {
        if (raw == null) {
            return null;
        }
        String[] parts = raw.split("/", -1);
        if (parts.length == 1) {
            return new TimeInterval(start(parts[0]), end(parts[0]));
        }
        if (parts.length != 2) {
            throw bad("datetime", "datetime is an instant or start/end, not '" + raw + "'");
        }
        Instant s = open(parts[0]) ? null : start(parts[0]);
        Instant e = open(parts[1]) ? null : end(parts[1]);
        if (s == null && e == null) {
            throw bad("datetime", "datetime interval needs at least one end");
        }
        if (s != null && e != null && s.isAfter(e)) {
            throw bad("datetime", "datetime interval starts after it ends");
        }
        return new TimeInterval(s, e);
    }

    private static boolean open(String s) {
        return s.isEmpty() || s.equals("..");
    }

    private static Instant start(String s) {
        return instant(s, false);
    }

    private static Instant end(String s) {
        return instant(s, true);
    }

    private static Instant instant(String s, boolean endOfDay) {
        try {
            if (s.length() == 10) {
                LocalDate d = LocalDate.parse(s);
                return endOfDay ? d.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1)
                        : d.atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw bad("datetime", "datetime '" + s + "' is not an RFC 3339 date-time or date");
        }
    }

    /**
     * The query parameters, each given once (a repeated one is an error naming it), none holding a NUL
     * character (an error naming it, on both stores alike). A parameter with an empty name, as in a URL ending
     * in {@code &} that many clients build, is left out.
     */
    public static java.util.Map<String, String> single(java.util.Map<String, java.util.List<String>> params) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        for (var e : params.entrySet()) {
            if (e.getKey().isEmpty()) {
                continue;
            }
            Texts.noNul(e.getKey(), e.getKey());
            e.getValue().forEach(v -> Texts.noNul(e.getKey(), v));
            if (e.getValue().size() != 1) {
                throw bad(e.getKey(), "query parameter '" + e.getKey() + "' is given " + e.getValue().size()
                        + " times; give it once");
            }
            out.put(e.getKey(), e.getValue().get(0));
        }
        return out;
    }

    /** The query parameters, each given once, each one of {@code allowed} (else 400 naming it). */
    public static java.util.Map<String, String> only(io.javalin.http.Context ctx, java.util.Collection<String> allowed) {
        java.util.Map<String, String> p = single(ctx.queryParamMap());
        for (String name : p.keySet()) {
            if (!allowed.contains(name)) {
                throw bad(name, "unknown query parameter '" + name + "'; this resource takes " + String.join(", ", allowed));
            }
        }
        return p;
    }

    /** The query of an items request: standard parameters parsed, the rest kept as property filters. */
    public record ItemsQuery(Envelope bbox, int limit, int offset, TimeInterval datetime,
            java.util.Map<String, String> filters) {
    }

    /** Parses {@code bbox}, {@code limit} (default and maximum as configured), {@code offset} and {@code datetime}. */
    public static ItemsQuery items(java.util.Map<String, String> params, int defaultLimit, int maxLimit,
            java.util.Collection<String> standard) {
        java.util.Map<String, String> filters = new java.util.LinkedHashMap<>(params);
        filters.keySet().removeAll(standard);
        return new ItemsQuery(parseBbox(params.get("bbox")), parseLimit(params.get("limit"), defaultLimit, maxLimit),
                parseOffset(params.get("offset")), parseDatetime(params.get("datetime")), filters);
    }

    /**
     * The members of a JSON body object, each one of {@code allowed} (else 400 naming the first other one):
     * the body-field whitelist of every write.
     */
    public static void onlyFields(com.fasterxml.jackson.databind.JsonNode body, java.util.Collection<String> allowed) {
        for (var it = body.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw ProblemException.badRequest(f, "'" + f + "' is not taken here (fields: "
                        + String.join(", ", allowed) + ").");
            }
        }
    }

    /** A calendar date {@code YYYY-MM-DD}; null when absent. */
    public static LocalDate parseDate(String name, String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw bad(name, name + " must be a date YYYY-MM-DD, not '" + raw + "'");
        }
    }

    /** A finite number; null when absent. */
    public static Double parseNumber(String name, String raw, String unit) {
        if (raw == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(raw.trim());
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // the answer below
        }
        throw bad(name, name + " must be a number of " + unit + ", not '" + raw + "'");
    }

    /** A whole number that fits 32 bits (not cut to them: 4294969316 is not 2020); null when absent. */
    public static Integer parseInt(String name, String raw) {
        if (raw == null) {
            return null;
        }
        long n = parseWhole(name, raw);
        if (n != (int) n) {
            throw bad(name, name + " " + raw + " is out of range");
        }
        return (int) n;
    }

    static long parseWhole(String name, String raw) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw bad(name, name + " must be a whole number, not '" + raw + "'");
        }
    }

    private static InvalidQueryException bad(String param, String message) {
        return new InvalidQueryException(param, message);
    }
}

package org.xiangtu.edit;

import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.xiangtu.account.AuditLog;
import org.xiangtu.analysis.RelapseRules;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.Role;
import org.xiangtu.catalog.Watch;
import org.xiangtu.catalog.WatchList;
import org.xiangtu.io.upload.CsvUpload;
import org.xiangtu.io.upload.UploadLimits;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore;
import org.xiangtu.store.FieldStore.Household;
import org.xiangtu.store.WatchStore;
import org.xiangtu.store.WatchStore.Alert;
import org.xiangtu.store.WatchStore.AlertQuery;
import org.xiangtu.store.WatchStore.NewAlert;
import org.xiangtu.store.WatchStore.Opened;

/**
 * The relapse watch's rules of work (docs/relapse-watch.md). The catalogue's rules run on a household when
 * it changes (an update applied, a review resolved, a visit that reported an event: {@link #check}) and on
 * every household nightly ({@link #runAll}); each hit opens an alert unless one is open for the same rule
 * and household. A department's list (CSV of household codes and reasons) opens alerts the same way
 * ({@link #importList}). An alert is a task of the household's cadre ({@link #tasks}), closed by their
 * verification visit as confirmed — the household enters monitoring with a measure — or not confirmed with
 * a reason ({@link #verify}); a leader or admin ends a household's monitoring with a recorded decision,
 * only when no rule hits it any more and none of its alerts is open ({@link #endMonitoring}). Every step is
 * audited in its transaction and announced on the {@link ChangeFeed} to leaders (village code only).
 */
public final class RelapseWatch {
    /** Longest text of a measure, a reason or a decision. */
    public static final int MAX_TEXT = 2_000;
    /** Most lines a department's list may hold. */
    public static final int MAX_LIST_LINES = 20_000;
    private static final int BATCH = 500;
    /** How far back reported events are read: the longest a rule can look back. */
    private static final int REPORTED_DAYS = 366;

    /** A request the watch refuses: status, the field at fault, and why; nothing is written. */
    public static final class Refused extends Refusal {
        Refused(int status, String field, String detail) {
            super(status, field, detail, java.util.Map.of());
        }
    }

    /**
     * What a nightly run did: the households checked (those the store handed over as possible hits; every
     * household where it cannot narrow), rules hit, alerts opened.
     */
    public record Run(long checked, long hits, long opened) {
    }

    /** What a list import did: lines read, alerts opened, codes already open for this list, unknown codes. */
    public record ListImport(String source, String encoding, int lines, List<Alert> opened, List<String> alreadyOpen,
            List<String> unknown, List<String> problems) {
    }

    private final Watch watch;
    private final RelapseRules rules;
    private final FieldStore field;
    private final WatchStore store;
    private final ChangeFeed feed;
    private final Clock clock;

    public RelapseWatch(Catalog catalog, FieldStore field, WatchStore store, ChangeFeed feed, Clock clock) {
        this.watch = catalog.watch();
        this.rules = RelapseRules.of(catalog);
        this.field = field;
        this.store = store;
        this.feed = feed;
        this.clock = clock;
    }

    public boolean isOn() {
        return watch != null;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(ProjectEdits.COUNTY_ZONE));
    }

    /** Runs the rules on one household now and opens alerts for its hits; nothing when it is not found. */
    public Opened check(String householdCode, String actor) {
        if (!isOn()) {
            return new Opened(List.of(), List.of(), List.of());
        }
        return field.household(householdCode).map(h -> open(hits(h, reported(householdCode)), actor, "rules"))
                .orElse(new Opened(List.of(), List.of(), List.of()));
    }

    /**
     * Runs the rules on every household, opening alerts for the hits: the store hands over only the households
     * that may hit ({@link RelapseRules#candidates}: on a database one SQL {@code WHERE}), streamed, and each is
     * checked here as {@link #check} checks it; the alerts are opened in batches.
     */
    public Run runAll(String actor) {
        if (!isOn()) {
            return new Run(0, 0, 0);
        }
        java.util.Optional<org.xiangtu.store.WatchCandidates> candidates = rules.candidates(today());
        if (candidates.isEmpty()) {
            return new Run(0, 0, 0);
        }
        Map<String, List<RelapseRules.Reported>> events = new LinkedHashMap<>();
        for (FieldStore.ReportedEvent e : field.reported(null, sinceAt())) {
            events.computeIfAbsent(e.householdCode(), k -> new ArrayList<>()).add(reportedOf(e));
        }
        long[] counts = new long[3];
        List<NewAlert> batch = new ArrayList<>();
        Consumer<Household> each = h -> {
            counts[0]++;
            List<NewAlert> hits = hits(h, events.getOrDefault(h.code(), List.of()));
            counts[1] += hits.size();
            batch.addAll(hits);
        };
        field.eachHousehold(rules.fields(today()), candidates.get(), h -> {
            each.accept(h);
            if (batch.size() >= BATCH) {
                counts[2] += open(List.copyOf(batch), actor, "nightly").opened().size();
                batch.clear();
            }
        });
        counts[2] += open(List.copyOf(batch), actor, "nightly").opened().size();
        return new Run(counts[0], counts[1], counts[2]);
    }

    private String sinceAt() {
        return today().minusDays(REPORTED_DAYS).toString();
    }

    private List<RelapseRules.Reported> reported(String code) {
        return field.reported(code, sinceAt()).stream().map(RelapseWatch::reportedOf).toList();
    }

    private static RelapseRules.Reported reportedOf(FieldStore.ReportedEvent e) {
        return new RelapseRules.Reported(e.event(), LocalDate.parse(e.at().substring(0, 10)));
    }

    private List<NewAlert> hits(Household h, List<RelapseRules.Reported> reported) {
        return rules.check(h.properties(), reported, today()).stream()
                .map(hit -> new NewAlert(UUID.randomUUID().toString(), hit.rule(), h.code(), hit.tier(), hit.actor(),
                        hit.due(), null, hit.basis()))
                .toList();
    }

    private Opened open(List<NewAlert> hits, String actor, String how) {
        if (hits.isEmpty()) {
            return new Opened(List.of(), List.of(), List.of());
        }
        Opened o = store.open(hits, clock.instant(), out -> AuditEntry.of(actor, null, "watch-open", how, "ok",
                AuditLog.json(Map.of("opened", out.opened().stream().map(a -> a.rule() + ":" + a.householdCode()).toList()))));
        announce(o.opened().stream().map(Alert::villageCode).toList());
        return o;
    }

    private void announce(List<String> villages) {
        Set<String> distinct = new LinkedHashSet<>(villages);
        if (!distinct.isEmpty()) {
            feed.publish("watch", List.of("watch_alerts", "watch_monitoring"), Map.of("villages", List.copyOf(distinct)), Role.LEADER);
        }
    }

    /**
     * Opens an alert for every line of a department's list: a CSV whose header names the household code
     * ({@code code}, {@code household_code}, 户编码 or 户码) and optionally a reason ({@code reason}, 原因 or
     * 事由); UTF-8 or GBK. Lines with an unknown code are reported, a code whose list alert is open already
     * is counted and skipped; all in one transaction.
     *
     * @throws Refused 400 naming {@code source} (not a list of the catalogue) or {@code file} (no code column,
     *     too many lines, an empty list)
     */
    public ListImport importList(String source, byte[] csv, String actor, String address) {
        WatchList list = watch == null ? null : watch.lists().get(source == null ? "" : source);
        if (list == null) {
            throw new Refused(400, "source", "'source' must be one of " + (watch == null ? List.of()
                    : watch.lists().keySet()) + ".");
        }
        CsvUpload.Table table = CsvUpload.table(csv, UploadLimits.defaults());
        List<String> header = table.records().get(0).stream().map(s -> s.strip().toLowerCase(java.util.Locale.ROOT))
                .toList();
        int code = column(header, "code", "household_code", "户编码", "户码", "户编号");
        int reason = column(header, "reason", "原因", "事由", "说明");
        if (code < 0) {
            throw new Refused(400, "file", "The list needs a column of household codes, named code, household_code, "
                    + "户编码 or 户码; its header is " + table.records().get(0) + ".");
        }
        List<List<String>> rows = table.records().subList(1, table.records().size());
        if (rows.size() > MAX_LIST_LINES) {
            throw new Refused(413, "file", "The list has " + rows.size() + " lines; at most " + MAX_LIST_LINES
                    + " are read at once.");
        }
        List<NewAlert> hits = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        LocalDate due = today().plusDays(list.days());
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            String c = code < row.size() ? row.get(code).strip() : "";
            if (c.isEmpty()) {
                problems.add("line " + (i + 2) + ": no household code");
                continue;
            }
            if (!seen.add(c)) {
                problems.add("line " + (i + 2) + ": " + c + " is listed twice (read once)");
                continue;
            }
            String why = reason >= 0 && reason < row.size() ? row.get(reason).strip() : null;
            String reasonText = why == null || why.isEmpty() ? null : why.substring(0, Math.min(why.length(), MAX_TEXT));
            hits.add(new NewAlert(UUID.randomUUID().toString(), "list:" + source, c, list.tier(), list.actor(), due,
                    reasonText, "list|" + (reasonText == null ? "" : reasonText)));
        }
        if (hits.isEmpty()) {
            throw new Refused(400, "file", "The list holds no household code.");
        }
        Opened o = store.open(hits, clock.instant(), out -> AuditEntry.of(actor, address, "watch-list", source, "ok",
                AuditLog.json(Map.of("lines", rows.size(), "opened", out.opened().size(),
                        "unknown", out.unknownHouseholds().size()))));
        announce(o.opened().stream().map(Alert::villageCode).toList());
        return new ListImport(source, table.encoding(), rows.size(), o.opened(),
                o.alreadyOpen().stream().map(NewAlert::householdCode).toList(), o.unknownHouseholds(), problems);
    }

    private static int column(List<String> header, String... names) {
        for (String n : names) {
            int i = header.indexOf(n);
            if (i >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The title of an alert's rule or department list (the rule id itself when the catalogue has none). */
    public org.xiangtu.catalog.I18n titleOf(String rule) {
        if (watch != null && rule.startsWith("list:") && watch.lists().containsKey(rule.substring(5))) {
            return watch.lists().get(rule.substring(5)).title();
        }
        if (watch != null) {
            for (org.xiangtu.catalog.WatchRule r : watch.rules()) {
                if (r.id().equals(rule)) {
                    return r.title();
                }
            }
        }
        return new org.xiangtu.catalog.I18n(rule, rule);
    }

    /** The title of a risk tier (the tier itself when the catalogue has none). */
    public org.xiangtu.catalog.I18n tierTitle(String tier) {
        return watch != null && watch.tiers().containsKey(tier) ? watch.tiers().get(tier)
                : new org.xiangtu.catalog.I18n(tier, tier);
    }

    /** Whether the alert is open and past its due day, today in the county. */
    public boolean overdue(Alert a) {
        return a.overdueOn(today());
    }

    /** The open alerts of the households the cadre looks after now, the soonest due first. */
    public List<Alert> tasks(String cadre) {
        // by household (indexed), so the answer stays whole and cheap however many alerts the county holds; a
        // household has at most one open alert per rule and list, so 1,000 a household is more than enough
        List<Alert> out = new ArrayList<>();
        for (Household h : field.households(cadre)) {
            out.addAll(store.alerts(new AlertQuery(null, null, h.code(), WatchStore.OPEN, 1_000, 0)));
        }
        out.sort(java.util.Comparator.comparing(Alert::dueOn).thenComparing(Alert::id));
        return out;
    }

    /**
     * The cadre's verification of an alert on one of their households: confirmed (the household enters
     * monitoring; {@code note} is the measure taken) or not (the reason). {@code visitId} is the visit the
     * cadre recorded for it (optional; it must be theirs and of the household).
     *
     * @throws FieldVisits.NotYours when the alert is not of one of the cadre's households
     * @throws Refused 400 naming {@code note} or {@code visit_id}; 409 when the alert was closed otherwise (the
     *     same verification sent again answers as the first time)
     */
    public WatchStore.Closed verify(String cadre, String address, String alertId, boolean confirmed, String note,
            String visitId) {
        Alert a = store.alert(alertId == null ? "" : alertId).orElseThrow(FieldVisits.NotYours::new);
        Household h = field.household(a.householdCode()).orElseThrow(FieldVisits.NotYours::new);
        if (!cadre.equals(h.cadre())) {
            throw new FieldVisits.NotYours();
        }
        text(note, "note", confirmed ? "the measure taken" : "why the risk is not confirmed");
        if (visitId != null) {
            FieldStore.Visit v = field.visit(visitId).orElse(null);
            if (v == null || !cadre.equals(v.cadre()) || !a.householdCode().equals(v.householdCode())) {
                throw new Refused(400, "visit_id", "'visit_id' must be a visit you recorded at this household.");
            }
        }
        AuditEntry entry = AuditEntry.of(cadre, address, "watch-verify", alertId, confirmed ? "confirmed"
                : "not_confirmed", AuditLog.json(Map.of("household", a.householdCode(), "rule", a.rule())));
        WatchStore.Closing c = store.close(alertId, confirmed, note.strip(), visitId, cadre, clock.instant(), entry);
        if (c instanceof WatchStore.Closed closed) {
            announce(List.of(a.villageCode()));
            return closed;
        }
        Alert now = ((WatchStore.NotOpen) c).alert();
        if (cadre.equals(now.closedBy()) && now.status().equals(confirmed ? WatchStore.CONFIRMED : WatchStore.NOT_CONFIRMED)
                && note.strip().equals(now.note())) { // the same verification sent again (its answer was lost)
            return new WatchStore.Closed(now, store.monitoring(now.villageCode(), true).stream()
                    .filter(m -> m.householdCode().equals(now.householdCode())).findFirst());
        }
        throw new Refused(409, "id", "This alert was verified already (" + now.status() + ").");
    }

    /**
     * Ends a household's monitoring with the recorded decision: only when none of its alerts is open and no
     * rule hits it today.
     *
     * @throws Refused 400 naming {@code reason}; 404 naming {@code code}; 409 naming the open alerts or the
     *     rules that still hit
     */
    public void endMonitoring(String user, String address, String householdCode, String reason) {
        text(reason, "reason", "the decision and why the risk is gone");
        Household h = field.household(householdCode == null ? "" : householdCode)
                .orElseThrow(() -> new Refused(404, "code", "There is no household with this code."));
        List<Alert> open = store.alerts(new AlertQuery(null, null, h.code(), WatchStore.OPEN, 100, 0));
        if (!open.isEmpty()) {
            throw new Refused(409, "code", "The household has open alerts: "
                    + open.stream().map(Alert::rule).toList() + "; verify them first.");
        }
        List<String> still = rules.check(h.properties(), reported(h.code()), today()).stream()
                .map(RelapseRules.Hit::rule).toList();
        if (!still.isEmpty()) {
            throw new Refused(409, "code", "The household still hits " + still + "; its risk is not gone.");
        }
        AuditEntry entry = AuditEntry.of(user, address, "watch-end", h.code(), "ok", AuditLog.json(Map.of(
                "reason", reason.strip())));
        if (!store.endMonitoring(h.code(), today(), reason.strip(), user, entry)) {
            throw new Refused(409, "code", "The household is not under monitoring.");
        }
        announce(List.of(h.villageCode()));
    }

    private static void text(String s, String field, String what) {
        if (s == null || s.isBlank()) {
            throw new Refused(400, field, "'" + field + "' must say " + what + ".");
        }
        if (s.length() > MAX_TEXT) {
            throw new Refused(400, field, "'" + field + "' is longer than " + MAX_TEXT + " characters.");
        }
    }

    /**
     * Runs {@link #runAll} every day at {@code at} county time on a daemon thread (one run at a time; a failed
     * run is logged and the next day's goes ahead). Close the answer to stop it.
     */
    public AutoCloseable nightly(java.time.LocalTime at) {
        java.util.concurrent.ScheduledExecutorService s = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "xiangtu-watch-nightly");
            t.setDaemon(true);
            return t;
        });
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            try {
                Run r = runAll("nightly");
                org.slf4j.LoggerFactory.getLogger(RelapseWatch.class).info(
                        "relapse watch nightly run: {} households checked, {} hits, {} alerts opened",
                        r.checked(), r.hits(), r.opened());
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(RelapseWatch.class).warn("relapse watch nightly run failed: {}",
                        e.toString());
            }
            s.schedule(next[0], untilNext(at), java.util.concurrent.TimeUnit.MILLISECONDS);
        };
        s.schedule(next[0], untilNext(at), java.util.concurrent.TimeUnit.MILLISECONDS);
        return s::shutdownNow;
    }

    private long untilNext(java.time.LocalTime at) {
        java.time.ZonedDateTime now = java.time.ZonedDateTime.now(clock.withZone(ProjectEdits.COUNTY_ZONE));
        java.time.ZonedDateTime next = now.with(at);
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        return java.time.Duration.between(now, next).toMillis();
    }

    /** Days from opening to closing of a closed alert (for the average days to verify). */
    public static long daysToClose(Alert a) {
        return ChronoUnit.DAYS.between(a.openedAt().atZone(ProjectEdits.COUNTY_ZONE).toLocalDate(),
                a.closedAt().atZone(ProjectEdits.COUNTY_ZONE).toLocalDate());
    }
}

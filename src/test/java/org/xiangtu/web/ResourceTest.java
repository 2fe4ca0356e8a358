package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * The heaviest request each role can make finishes, or is refused, within its budget: the answer comes
 * within the analysis time budget (set to {@value #BUDGET_MS} ms here) plus a margin for a loaded
 * machine, the heap grows by less than {@value #HEAP_MB} MB meanwhile, and once the answer is back the
 * server does no more work for it (its threads' CPU over the next second stays under half a second). These are
 * bounds meant to catch minutes and gigabytes, not a benchmark: speed is measured in {@code bench/}.
 * {@link ResourcePostgisIT} runs it on PostGIS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourceTest {
    static final int BUDGET_MS = 3_000;
    static final long MARGIN_MS = 12_000;
    static final long HEAP_MB = 768;
    private TestServer server;
    private final Map<Role, ApiClient> clients = new java.util.EnumMap<>(Role.class);

    protected TestServer startServer(Map<String, String> overrides) {
        return TestServer.start(overrides);
    }

    @BeforeAll
    void start() {
        server = startServer(Map.of("analysis.timeBudgetMs", Integer.toString(BUDGET_MS)));
        clients.put(Role.PUBLIC, server.client());
        for (Role r : List.of(Role.LEADER, Role.PLANNER, Role.ADMIN)) {
            String name = "resource-" + r.name().toLowerCase(Locale.ROOT);
            server.addUser(name, r, "resource-password-" + r);
            ApiClient c = server.client();
            assertThat(c.signIn(name, "resource-password-" + r).statusCode()).isEqualTo(200);
            clients.put(r, c);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One heavy request: who sends it, what, and the statuses that count as finished or refused. */
    record Heavy(Role role, String what, Function<ApiClient, HttpResponse<String>> send, List<Integer> accepted) {
    }

    static String zigzag(int vertices, double radiusDeg) {
        StringBuilder b = new StringBuilder("{\"type\": \"Polygon\", \"coordinates\": [[");
        int n = vertices - 1; // distinct points; the last closes the ring on the first
        for (int i = 0; i <= n; i++) {
            int k = i % n;
            double a = 2 * Math.PI * k / n;
            double r = (k % 2 == 0 ? 1.0 : 0.55) * radiusDeg;
            b.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "[%.7f, %.7f]",
                    106.05 + r * Math.cos(a), 29.84 + r * Math.sin(a)));
        }
        return b.append("]]}").toString();
    }

    static String zigzagLine(int vertices) {
        StringBuilder b = new StringBuilder("{\"type\": \"LineString\", \"coordinates\": [");
        for (int i = 0; i < vertices; i++) {
            b.append(i > 0 ? "," : "").append(String.format(Locale.ROOT, "[%.7f, %.7f]",
                    105.9 + 0.3 * i / vertices, 29.8 + (i % 2 == 0 ? 0 : 0.05)));
        }
        return b.append("]}").toString();
    }

    List<Heavy> heavies() {
        String big = zigzag(2_000, 0.12);
        String tooBig = zigzag(5_000, 0.12);
        String line = zigzagLine(2_000);
        List<Heavy> h = new ArrayList<>();
        h.add(new Heavy(Role.PUBLIC, "the largest page of villages",
                c -> c.get("/ogc/collections/villages/items?limit=10000"), List.of(200)));
        h.add(new Heavy(Role.PUBLIC, "the dashboard at a new, largest reach and a new date",
                c -> c.get("/api/dashboard?reach=19999&asOf=2019-05-05"), List.of(200, 503)));
        h.add(new Heavy(Role.PUBLIC, "a town's dashboard at another new reach",
                c -> c.get("/api/dashboard/towns/500151112000?reach=19997"), List.of(200, 503)));
        h.add(new Heavy(Role.LEADER, "the whole village layer as a GeoPackage",
                c -> c.get("/api/export?layer=villages&format=gpkg"), List.of(200, 503)));
        h.add(new Heavy(Role.LEADER, "an export within 20 km of a 2,000-vertex zig-zag",
                c -> c.send("POST", "/api/export", "{\"layer\": \"villages\", \"format\": \"geojson\", \"geometry\": "
                        + big + ", \"distance\": 20000}", Map.of()), List.of(200, 413, 422, 503)));
        h.add(new Heavy(Role.LEADER, "an export within 20 km of a 5,000-vertex zig-zag",
                c -> c.send("POST", "/api/export", "{\"layer\": \"villages\", \"format\": \"geojson\", \"geometry\": "
                        + tooBig + ", \"distance\": 20000}", Map.of()), List.of(413, 422)));
        h.add(new Heavy(Role.PLANNER, "what lies within 20 km of a 2,000-vertex zig-zag",
                c -> c.send("POST", "/api/analysis/within", "{\"geometry\": " + big + ", \"distance\": 20000}",
                        Map.of()), List.of(200, 413, 422, 503)));
        h.add(new Heavy(Role.PLANNER, "a what-if greenway of 2,000 vertices",
                c -> c.send("POST", "/api/analysis/whatif",
                        "{\"kind\": \"greenway\", \"geometry\": " + line + ", \"reach\": 20000}",
                        Map.of()), List.of(200, 413, 422, 503)));
        h.add(new Heavy(Role.ADMIN, "the longest page of the audit",
                c -> c.get("/api/audit?limit=1000"), List.of(200)));
        return h;
    }

    /** CPU time of every Java thread but this one (the JIT's and GC's work is not counted). */
    private static long threadCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        long sum = 0;
        for (long id : mx.getAllThreadIds()) {
            long t = id == self ? -1 : mx.getThreadCpuTime(id);
            sum += Math.max(0, t);
        }
        return sum;
    }

    @Test
    void the_heaviest_request_of_each_role_ends_within_its_budget_with_heap_and_cpu_bounded() throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        List<String> report = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        // the one-off work of a fresh server (reading the data, the dashboard's geometry) is not a request's
        assertThat(clients.get(Role.PUBLIC).get("/api/dashboard").statusCode()).isEqualTo(200);
        assertThat(clients.get(Role.PUBLIC).get("/ogc/collections/villages/items?limit=10").statusCode()).isEqualTo(200);
        for (Heavy h : heavies()) {
            System.gc();
            long usedBefore = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            HttpResponse<String> r = h.send().apply(clients.get(h.role()));
            long wallMs = (System.nanoTime() - t0) / 1_000_000;
            long cpu1 = os.getProcessCpuTime();
            long peakMb = (heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() - usedBefore) >> 20;
            long threads0 = threadCpu();
            Thread.sleep(1_000);
            long afterMs = (threadCpu() - threads0) / 1_000_000;
            String line = String.format(Locale.ROOT, "%s as %s: %d in %d ms, CPU %d ms, heap +%d MB, CPU in the "
                    + "second after %d ms", h.what(), h.role(), r.statusCode(), wallMs, (cpu1 - cpu0) / 1_000_000,
                    peakMb, afterMs);
            report.add(line);
            if (!h.accepted().contains(r.statusCode())) {
                failures.add(line + " (status not among " + h.accepted() + "): " + r.body().substring(0,
                        Math.min(300, r.body().length())));
            }
            if (r.statusCode() >= 400 && !r.headers().firstValue("Content-Type").orElse("")
                    .startsWith("application/problem+json")) {
                failures.add(line + ": the refusal is not problem+json");
            }
            if (wallMs > BUDGET_MS + MARGIN_MS) {
                failures.add(line + ": over the budget");
            }
            if (peakMb > HEAP_MB) {
                failures.add(line + ": the heap grew too much");
            }
            if (afterMs > 500) {
                failures.add(line + ": the server went on working after answering");
            }
        }
        report.forEach(System.out::println);
        assertThat(failures).as(String.join("\n", report)).isEmpty();
    }
}

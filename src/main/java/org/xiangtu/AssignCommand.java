package org.xiangtu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.edit.Assignments;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.WorkStore;

/**
 * {@code xiangtu assign}: which assistance cadre looks after which households, in the store the server
 * would use (same options and environment as {@code serve}), by the same rules, transaction and audit
 * entry as {@code PUT /api/admin/assignments} ({@link Assignments}); the actor is {@code cli:} and the
 * operating-system user.
 */
final class AssignCommand {
    static final String HELP = """
            Usage: xiangtu assign --cadre NAME (CODE... | --file FILE) [STORE OPTIONS]
                   xiangtu assign --unassign (CODE... | --file FILE) [STORE OPTIONS]
                   xiangtu assign --list --cadre NAME [STORE OPTIONS]

            Makes the cadre (a user with the role cadre: xiangtu user add NAME --role cadre) the
            assistance cadre of the households with these codes; --unassign leaves them without one.
            All households change together or, when a code is unknown, none does. At most 5000
            codes at once. The cadre's field app shows the change at its next request; the change is
            recorded in the audit log with the households' previous cadres.

              --cadre NAME   the cadre's user name
              --file FILE    household codes, one a line (blank lines and lines starting with # skipped)
              --list         print the codes of the cadre's households, one a line

            STORE OPTIONS (as for serve): --gpkg FILE | --database-url URL, --data DIR, --config FILE
            """;
    private static final List<String> VALUED = List.of("--cadre", "--file", "--gpkg", "--database-url", "--data",
            "--config");

    private AssignCommand() {
    }

    /** @throws IllegalArgumentException on bad usage; {@link Assignments.InvalidAssignment} on refused data */
    static int run(List<String> args, PrintStream out, Map<String, String> env) {
        if (args.isEmpty() || args.contains("--help") || args.contains("-h")) {
            out.print(HELP);
            return args.isEmpty() ? 2 : 0;
        }
        Map<String, String> o = new LinkedHashMap<>();
        List<String> codes = new ArrayList<>();
        boolean unassign = false;
        boolean list = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--unassign")) {
                unassign = true;
            } else if (a.equals("--list")) {
                list = true;
            } else if (a.startsWith("--")) {
                if (!VALUED.contains(a)) {
                    throw new IllegalArgumentException("unknown option " + a);
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                o.put(a, args.get(++i));
            } else {
                codes.add(a);
            }
        }
        String cadre = o.get("--cadre");
        if (unassign == (cadre != null)) {
            throw new IllegalArgumentException("give either --cadre NAME or --unassign");
        }
        if (list) {
            if (!codes.isEmpty() || o.containsKey("--file")) {
                throw new IllegalArgumentException("--list takes no household codes");
            }
        } else {
            if (o.containsKey("--file")) {
                codes.addAll(fromFile(Path.of(o.get("--file"))));
            }
            if (codes.isEmpty()) {
                throw new IllegalArgumentException("give the household codes, or --file FILE");
            }
        }
        try (FeatureStore store = UserCommand.open(o, env); WorkStore work = store.openWork()) {
            Assignments assignments = new Assignments(work.field(), work.users(), Clock.systemUTC());
            if (list) {
                assignments.codes(cadre).forEach(out::println);
                return 0;
            }
            Assignments.Result r = assignments.assign("cli:" + System.getProperty("user.name", "?"), null, cadre,
                    codes);
            out.println((cadre == null ? "Unassigned " + r.households() + " households"
                    : "Assigned " + r.households() + " households to '" + cadre + "'") + " (before: "
                    + describe(r.previous()) + ").");
        }
        return 0;
    }

    private static List<String> fromFile(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String describe(Map<String, Integer> previous) {
        List<String> parts = new ArrayList<>();
        previous.forEach((c, n) -> parts.add((c.isEmpty() ? "no cadre" : c) + " " + n));
        return String.join(", ", parts);
    }
}

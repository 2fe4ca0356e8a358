package org.xiangtu;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.xiangtu.briefing.Briefings;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.Role;
import org.xiangtu.config.AppConfig;
import org.xiangtu.config.ConfigLoader;
import org.xiangtu.service.DashboardService;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.InvalidQueryException;

/**
 * {@code xiangtu briefing --scope district|town:CODE --out FILE}: a briefing pack made as {@code /api/briefing}
 * makes it, for scheduled runs (a monthly pack for the leaders' meeting). Figures are those a reader of
 * {@code --role} sees (default {@code public}: aggregates only; {@code leader} for the leaders' own pack).
 * The file is written whole or not at all (a temporary file moved into place).
 */
final class BriefingCommand {
    static final String HELP = """
            Usage: xiangtu briefing --scope district|town:CODE --out FILE [--as-of YYYY-MM-DD] [--year YYYY]
                                    [--pages towns|villages] [--theme ID] [--lang zh|en] [--role public|leader]
                                    [--gpkg FILE | --database-url URL] [--data DIR] [--config FILE]

            Writes a briefing pack (PDF) of the district (a cover and a page per town) or of a town (a cover
            and a page per village), as GET /api/briefing does, from the store the server uses.

              --scope S      district, or town:CODE (a town's 12-digit code)
              --out FILE     where the PDF goes (written whole or not at all)
              --as-of D      the date of the figures and project states (default: the data's latest date)
              --year Y       the income year (default: that of --as-of, or the latest)
              --pages P      towns (the district's default) or villages (a town's default)
              --theme ID     the map's theme: water_coverage (default), progress_pct, income,
                             poor_households, industry_mu
              --lang L       zh (default) or en
              --role R       whose figures: public (default; no figure about fewer than 5 households)
                             or leader (every figure a leader sees in the cockpit)
              --gpkg, --database-url, --data, --config   as for xiangtu serve
            """;

    private BriefingCommand() {
    }

    static int run(Map<String, String> o, Map<String, String> env, PrintStream out) {
        if (!o.containsKey("--scope") || !o.containsKey("--out")) {
            throw new Main.UsageException("--scope and --out are required");
        }
        Role role = switch (o.getOrDefault("--role", "public")) {
            case "public" -> Role.PUBLIC;
            case "leader" -> Role.LEADER;
            default -> throw new Main.UsageException("--role must be public or leader, not '" + o.get("--role") + "'");
        };
        AppConfig config = ConfigLoader.load(o.containsKey("--config") ? Path.of(o.get("--config")) : null,
                env, Main.storeOverrides(o));
        DataSource data = DataSource.folderOrBundled(Path.of(config.store().data()));
        Catalog catalog = CatalogLoader.read(data);
        Path target = Path.of(o.get("--out")).toAbsolutePath();
        try (FeatureStore store = App.openStore(config, catalog, data)) {
            Briefings briefings = new Briefings(catalog, new DashboardService(catalog, store), 1);
            Briefings.Request r;
            try {
                r = briefings.request(o.get("--scope"), date(o.get("--as-of")), year(o.get("--year")), o.get("--pages"),
                        o.get("--theme"), o.get("--lang"));
            } catch (InvalidQueryException e) {
                throw new Main.UsageException("--" + option(e.parameter()) + ": " + e.getMessage());
            }
            Path temp = Files.createTempFile(target.getParent(), ".briefing-", ".pdf");
            try {
                try (OutputStream file = Files.newOutputStream(temp)) {
                    briefings.write(r, role, cockpit(config), file);
                }
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
            out.println("wrote " + target + " (" + Files.size(target) + " bytes)");
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String option(String parameter) {
        return switch (parameter) {
            case "asOf" -> "as-of";
            default -> parameter;
        };
    }

    /** The cockpit the QR codes open: server.publicUrl, else this machine's server on its configured port. */
    private static String cockpit(AppConfig config) {
        String url = config.server().publicUrl();
        return url != null && !url.isBlank() ? url : "http://localhost:" + config.server().port() + "/";
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new Main.UsageException("--as-of must be a date YYYY-MM-DD, not '" + text + "'");
        }
    }

    private static Integer year(String text) {
        try {
            return text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw new Main.UsageException("--year must be a year such as 2020, not '" + text + "'");
        }
    }
}

package org.xiangtu;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.config.ConfigLoader;
import org.xiangtu.edit.ChangeFeed;
import org.xiangtu.edit.onboarding.LayerMapping;
import org.xiangtu.edit.onboarding.Onboarding;
import org.xiangtu.edit.onboarding.OnboardingPreview;
import org.xiangtu.io.upload.UploadException;
import org.xiangtu.io.upload.UploadLimits;
import org.xiangtu.io.upload.UploadOptions;
import org.xiangtu.service.OnboardingService;
import org.xiangtu.store.FeatureStore;
import org.xiangtu.store.WorkStore;
import org.xiangtu.store.geopackage.GeoPackageStore;
import org.xiangtu.store.postgis.DatabaseUrl;
import org.xiangtu.store.postgis.PostgisStore;

/**
 * {@code xiangtu import --map MAPPING.json (--gpkg FILE | --database-url URL) PATH}: applies a saved onboarding
 * mapping to a county's file on an existing store, by the same code path as the admin's apply
 * ({@link OnboardingService}): read as an upload (CRS, encodings, repairs), checked and joined, written in one
 * transaction with its audit entry and the previous version kept (roll back from the admin API). A server
 * running on the same store is not told (its dashboard cache refreshes when it restarts or the layer is
 * next changed through it).
 */
final class MapImportCommand {
    static final String ACTOR = "import --map";

    private MapImportCommand() {
    }

    /** Runs it; a refused file or mapping is an {@link IllegalStateException} with the field at fault. */
    static int run(Map<String, String> options, java.util.List<String> paths, Catalog catalog, PrintStream out) {
        if (paths.size() != 1) {
            throw new Main.UsageException("import --map takes exactly one PATH (the county's file)");
        }
        Path file = Path.of(paths.get(0));
        LayerMapping mapping;
        try {
            mapping = OnboardingService.mapping(Files.readString(Path.of(options.get("--map"))));
        } catch (IOException e) {
            throw new IllegalStateException("--map: cannot read " + options.get("--map") + ": " + e.getMessage());
        } catch (UploadException e) {
            throw new IllegalStateException("--map: " + e.getMessage());
        }
        if (mapping == null) {
            throw new IllegalStateException("--map: the file is empty");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + ": no such file");
        }
        UploadOptions read = new UploadOptions(false, options.get("--crs"), options.get("--encoding"), null, null);
        try (FeatureStore store = open(options, catalog); WorkStore work = store.openWork()) {
            OnboardingService service = new OnboardingService(new Onboarding(catalog, store, work.layerVersions(),
                    new ChangeFeed(), null), limits());
            Onboarding.Applied a = service.apply(file, mapping, read, ACTOR);
            print(a, file, out);
            return 0;
        } catch (UploadException e) {
            throw new IllegalStateException(e.field() + ": " + e.getMessage());
        } catch (Onboarding.Refused e) {
            throw new IllegalStateException(e.field() + ": " + e.getMessage());
        }
    }

    private static FeatureStore open(Map<String, String> options, Catalog catalog) {
        if (options.containsKey("--gpkg")) {
            Path gpkg = Path.of(options.get("--gpkg"));
            if (!Files.isRegularFile(gpkg)) {
                throw new IllegalStateException("--gpkg: " + gpkg + " does not exist (build it first: xiangtu import --gpkg "
                        + gpkg + ")");
            }
            return GeoPackageStore.open(gpkg, catalog);
        }
        DatabaseUrl url;
        try {
            url = DatabaseUrl.parse(options.get("--database-url"));
        } catch (IllegalArgumentException e) {
            throw new Main.UsageException("--database-url: " + e.getMessage());
        }
        var s = ConfigLoader.defaults().store();
        return PostgisStore.open(url, catalog, PostgisStore.Options.of(s.statementTimeoutMs(), s.connectTimeoutMs()));
    }

    /**
     * A file on the command line is the county's own, read on its own machine: 1 GB (4 GB unzipped), 200 zip
     * entries, a million features, 50 million vertices, ten minutes.
     */
    private static UploadLimits limits() {
        return new UploadLimits(1L << 30, 4L << 30, 200, 1_000_000, 50_000_000L, 600_000);
    }

    private static void print(Onboarding.Applied a, Path file, PrintStream out) {
        OnboardingPreview.Result p = a.preview();
        out.println("Applied " + file + " to layer " + a.layer() + " (" + p.mode() + "): version " + a.version() + "; "
                + p.diff().added() + " added, " + p.diff().changed() + " changed, " + p.diff().removed() + " removed, "
                + p.diff().unchanged() + " unchanged; " + p.skipped() + " rows skipped, " + p.repaired()
                + " geometries repaired.");
        p.problems().stream().limit(20).forEach(x -> out.println("  row " + x.row() + " " + x.field() + ": " + x.problem()));
        if (p.problemCount() > 20) {
            out.println("  … " + (p.problemCount() - 20) + " more problems");
        }
        p.unmatched().stream().limit(20).forEach(u -> out.println("  row " + u.row() + " " + u.field() + ": '" + u.value()
                + "' matches no known code or name"));
        if (p.unmatchedCount() > 20) {
            out.println("  … " + (p.unmatchedCount() - 20) + " more unmatched codes");
        }
    }
}

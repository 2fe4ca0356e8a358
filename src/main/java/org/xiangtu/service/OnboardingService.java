package org.xiangtu.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.xiangtu.edit.onboarding.LayerMapping;
import org.xiangtu.edit.onboarding.Onboarding;
import org.xiangtu.io.upload.ParsedUpload;
import org.xiangtu.io.upload.UploadException;
import org.xiangtu.io.upload.UploadLimits;
import org.xiangtu.io.upload.UploadOptions;
import org.xiangtu.io.upload.UploadReader;
import org.xiangtu.store.LayerVersionStore;

/**
 * Onboarding from a file: the upload is copied to a temporary file and read completely by
 * {@link UploadReader} (format, CRS, encodings, repairs, limits: as a planner's upload) before
 * {@link Onboarding} previews or applies it; the temporary file is always removed. The HTTP routes
 * ({@code /api/onboarding/…}) and {@code import --map} both come here, so they apply a mapping the same way.
 */
public final class OnboardingService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Onboarding onboarding;
    private final UploadLimits limits;

    public OnboardingService(Onboarding onboarding, UploadLimits limits) {
        this.onboarding = onboarding;
        this.limits = limits;
    }

    /** The bytes of an upload, opened once by the service and closed by it. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    /**
     * The source as the routes receive it: a file (its name, bytes and reading options) or, with
     * {@code plannerLayer} set and no content, a planner layer's id.
     */
    public record Upload(String fileName, Content content, UploadOptions options, String plannerLayer) {
        public static Upload ofPlannerLayer(String id) {
            return new Upload(null, null, null, id);
        }
    }

    /** The suggestion and the preview of {@code mapping} (null: the suggested one); writes nothing. */
    public Onboarding.Previewed preview(Upload upload, String target, LayerMapping mapping) throws IOException {
        return onboarding.preview(read(upload), target, mapping);
    }

    /** Applies {@code mapping} (409 when {@code base} is given and the layer changed since the preview). */
    public Onboarding.Applied apply(Upload upload, String target, LayerMapping mapping, String base, String actor,
            String address) throws IOException {
        return onboarding.apply(read(upload), target, mapping, base, actor, address);
    }

    /** Applies a file that is already on disk ({@code import --map}). */
    public Onboarding.Applied apply(Path file, LayerMapping mapping, UploadOptions options, String actor) {
        ParsedUpload parsed = UploadReader.read(file.getFileName().toString(), file, options, limits);
        return onboarding.apply(parsed, mapping.target(), mapping, null, actor, null);
    }

    public List<LayerVersionStore.Version> versions(String layer) {
        return onboarding.versions(layer);
    }

    public long rollback(String layer, long version, String actor, String address) {
        return onboarding.rollback(layer, version, actor, address);
    }

    /**
     * A mapping from its JSON text; null for null or blank text.
     *
     * @throws UploadException 400 naming {@code mapping} when the text is no mapping
     */
    public static LayerMapping mapping(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            return JSON.readValue(json, LayerMapping.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw UploadException.bad("mapping", "the mapping is not valid: " + why);
        }
    }

    private ParsedUpload read(Upload upload) throws IOException {
        if (upload.content() == null) {
            return onboarding.plannerLayer(upload.plannerLayer());
        }
        Path tmp = Files.createTempFile("xiangtu-onboard-", "-" + safe(upload.fileName()));
        try {
            try (InputStream in = upload.content().open()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            ParsedUpload parsed = UploadReader.read(upload.fileName(), tmp, upload.options(), limits);
            if (parsed.features().isEmpty()) {
                throw new UploadException(400, "file", "The file holds no features.");
            }
            return parsed;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                tmp.toFile().deleteOnExit();
            }
        }
    }

    private static String safe(String name) {
        String s = (name == null ? "upload" : name).replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 60 ? s.substring(s.length() - 60) : s;
    }
}

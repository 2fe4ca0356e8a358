package org.xiangtu.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.xiangtu.edit.PlannerLayers;
import org.xiangtu.io.upload.ParsedUpload;
import org.xiangtu.io.upload.UploadException;
import org.xiangtu.io.upload.UploadLimits;
import org.xiangtu.io.upload.UploadOptions;
import org.xiangtu.io.upload.UploadReader;
import org.xiangtu.store.PlannerLayerStore.Layer;

/**
 * A planner's import of a survey file: the upload is copied to a temporary file, read, checked and converted
 * completely ({@link UploadReader}: format by name, CRS, encodings, GCJ-02, limits) before anything is
 * written, then stored as a new unpublished planner layer in one transaction with its audit entry
 * ({@link PlannerLayers#create}). A refused file ({@link UploadException}, naming the field at fault)
 * changes nothing; the temporary file is always removed.
 */
public final class PlannerImports {
    private final PlannerLayers layers;
    private final UploadLimits limits;
    private final TableJoin joins;

    /** @param catalogue the public layers a table without coordinates may be joined to ({@link TableJoin}) */
    public PlannerImports(PlannerLayers layers, UploadLimits limits, LayerService catalogue) {
        this.layers = layers;
        this.limits = limits;
        this.joins = new TableJoin(catalogue);
    }

    /**
     * Imports the file.
     *
     * @param fileName the file's own name (without folders), which tells its format
     * @param title the layer's title; blank for the name the file suggests
     * @throws UploadException when the file is refused (nothing is written)
     * @throws IOException when the content cannot be read to its end (the client went away, a broken body)
     */
    public Layer importFile(String fileName, InputStream content, UploadOptions options, String title, String user,
            String address) throws IOException {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("xiangtu-upload-", "-" + safe(fileName));
            Files.copy(content, tmp, StandardCopyOption.REPLACE_EXISTING);
            ParsedUpload parsed = UploadReader.read(fileName, tmp, options, limits);
            if (options.joins()) {
                if (!"csv".equals(parsed.report().format())) {
                    throw UploadException.bad("join", "only a CSV table is joined to a layer by code; this file is "
                            + parsed.report().format() + " and has its own geometry");
                }
                parsed = joins.join(parsed, options);
            }
            if (parsed.features().isEmpty()) {
                throw new UploadException(400, "file", "The file holds no features.");
            }
            String layerTitle = title == null || title.isBlank() ? parsed.suggestedName() : title.strip();
            return layers.create(PlannerUploads.of(parsed), layerTitle, fileName, user, address);
        } finally {
            delete(tmp);
        }
    }

    private static void delete(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                tmp.toFile().deleteOnExit(); // a temporary file left for the JVM's exit; nothing to tell the planner
            }
        }
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.length() > 60 ? s.substring(s.length() - 60) : s;
    }
}

package org.xiangtu.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where the catalogue and its data files come from: a folder ({@code data/}) or, when the jar runs
 * away from the repository, the copy of {@code data/} bundled in the jar.
 */
public interface DataSource {
    String CATALOG = "catalog.json";

    /** Opens a file by its name relative to the data folder, decompressed if it ends in {@code .gz}; the caller closes it. */
    InputStream open(String file) throws IOException;

    /** A human-readable location of the file, for logs and error messages. */
    String describe(String file);

    static DataSource folder(Path dir) {
        return new DataSource() {
            @Override
            public InputStream open(String file) throws IOException {
                return gunzipped(file, Files.newInputStream(dir.resolve(file)));
            }

            @Override
            public String describe(String file) {
                return dir.resolve(file).toString();
            }

            @Override
            public String toString() {
                return dir.toString();
            }
        };
    }

    static DataSource bundled() {
        return new DataSource() {
            @Override
            public InputStream open(String file) throws IOException {
                InputStream in = DataSource.class.getResourceAsStream("/data/" + file);
                if (in == null) {
                    throw new NoSuchFileException("classpath:/data/" + file);
                }
                return gunzipped(file, in);
            }

            @Override
            public String describe(String file) {
                return "classpath:/data/" + file;
            }

            @Override
            public String toString() {
                return "the data bundled in the jar";
            }
        };
    }

    /** The stream decompressed when the file name ends in {@code .gz} (the larger demo layers are kept so). */
    private static InputStream gunzipped(String file, InputStream in) throws IOException {
        if (!file.endsWith(".gz")) {
            return in;
        }
        try {
            return new java.util.zip.GZIPInputStream(in, 1 << 16);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The folder if it has a catalogue, otherwise the bundled copy. */
    static DataSource folderOrBundled(Path dir) {
        return Files.isRegularFile(dir.resolve(CATALOG)) ? folder(dir) : bundled();
    }
}

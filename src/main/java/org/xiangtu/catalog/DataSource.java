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

    /** Opens a file by its name relative to the data folder; the caller closes it. */
    InputStream open(String file) throws IOException;

    /** A human-readable location of the file, for logs and error messages. */
    String describe(String file);

    static DataSource folder(Path dir) {
        return new DataSource() {
            @Override
            public InputStream open(String file) throws IOException {
                return Files.newInputStream(dir.resolve(file));
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
                return in;
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

    /** The folder if it has a catalogue, otherwise the bundled copy. */
    static DataSource folderOrBundled(Path dir) {
        return Files.isRegularFile(dir.resolve(CATALOG)) ? folder(dir) : bundled();
    }
}

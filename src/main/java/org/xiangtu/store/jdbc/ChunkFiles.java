package org.xiangtu.store.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The bytes received of unfinished photo uploads as one file per upload ({@code <photo id>.part}) in a folder
 * beside the store, instead of a row per chunk: a chunk is appended to its file with no commit (the upload row
 * is not touched), so a chunk costs a file write rather than a rollback-journal commit of its bytes. The file's
 * length is the upload's {@code received}. Nothing is forced to disk: after a crash a file may be shorter than
 * what was answered, and the device, told the new {@code received} by its next chunk's 409, resumes there; a
 * garbled tail fails the photo's SHA-256 and the device starts again. Callers hold the store's lock (one call at
 * a time per upload). Files of uploads that expire are deleted with them; a file whose upload row is gone (a
 * crash between the photo's commit and the file's deletion) is deleted once it is older than the expiry.
 */
final class ChunkFiles {
    private static final Pattern ID = Pattern.compile("[0-9A-Za-z-]{1,64}");
    private final Path dir;

    ChunkFiles(Path dir) {
        this.dir = dir;
    }

    private Path file(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("not an upload id: " + id);
        }
        return dir.resolve(id + ".part");
    }

    /** The bytes received of this upload: its file's length, 0 when there is none. */
    long length(String id) {
        try {
            Path f = file(id);
            return Files.exists(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code data} at {@code start}, dropping anything after it first. */
    void write(String id, long start, byte[] data) {
        try {
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(file(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ch.truncate(start);
                ByteBuffer b = ByteBuffer.wrap(data);
                long at = start;
                while (b.hasRemaining()) {
                    at += ch.write(b, at);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] read(String id) {
        try {
            Path f = file(id);
            return Files.exists(f) ? Files.readAllBytes(f) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void delete(String id) {
        try {
            Files.deleteIfExists(file(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the files last written before {@code before} (their uploads expired, or were finished). */
    void deleteOlderThan(Instant before) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.part")) {
            for (Path f : files) {
                if (Files.getLastModifiedTime(f).toInstant().isBefore(before)) {
                    Files.deleteIfExists(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

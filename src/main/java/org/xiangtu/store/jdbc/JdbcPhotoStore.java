package org.xiangtu.store.jdbc;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.PhotoStore;

/**
 * The field app's photos over JDBC, for both backends, with the statements of {@link PhotoSql} on the
 * backend's {@link Transactions}: an upload row is locked with the backend's {@code forUpdate} before a
 * chunk is counted, so two copies of one chunk cannot both be taken. The received bytes are rows of
 * {@code xiangtu_photo_chunks}, or, when the store is given a folder ({@link ChunkFiles}: the GeoPackage), one
 * file per upload whose length is what was received, so that a chunk costs no commit. Thread-safe as its
 * transactions.
 */
final class JdbcPhotoStore implements PhotoStore {
    private final Transactions tx;
    private final PhotoSql sql;
    private final JdbcWorkStore audit;
    /** Where the received bytes are kept as files; null: as rows. */
    private final ChunkFiles files;

    JdbcPhotoStore(Transactions tx, PhotoSql sql, JdbcWorkStore audit, java.nio.file.Path uploads) {
        this.files = uploads == null ? null : new ChunkFiles(uploads);
        this.tx = tx;
        this.sql = sql;
        this.audit = audit;
        if (!sql.schema().isEmpty()) {
            tx.write(c -> {
                try (Statement st = c.createStatement()) {
                    for (String ddl : sql.schema()) {
                        st.execute(ddl);
                    }
                }
                return null;
            });
        }
    }

    @Override
    public Optional<Owner> owner(String kind, String id) {
        String query = PhotoSql.OWNER.get(kind);
        if (query == null) {
            return Optional.empty();
        }
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(query)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Owner(kind, rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getLong(5))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public Optional<Upload> upload(String id) {
        return tx.read(c -> upload(c, id, false));
    }

    @Override
    public Optional<Photo> photo(String id) {
        return tx.read(c -> photo(c, id));
    }

    @Override
    public Optional<byte[]> image(String id, boolean thumbnail) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(thumbnail ? PhotoSql.THUMBNAIL : PhotoSql.FULL)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getBytes(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Photo> photos(String kind, String recordId) {
        return tx.read(c -> {
            List<Photo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(PhotoSql.PHOTOS)) {
                ps.setString(1, kind);
                ps.setString(2, recordId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(photo(rs));
                    }
                }
            }
            return out;
        });
    }

    /**
     * In one transaction: {@code EXPIRE_CHUNKS}, {@code EXPIRE_UPLOADS}; the stored photo or open upload of this
     * id, if any; the counts; {@code INSERT_UPLOAD}.
     */
    @Override
    public Begun begin(Upload u, Limits limits) {
        return tx.write(c -> {
            if (files != null) {
                try (PreparedStatement ps = c.prepareStatement(PhotoSql.EXPIRING)) {
                    tx.dialect().setInstant(ps, 1, limits.expireBefore());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            files.delete(rs.getString(1));
                        }
                    }
                }
                files.deleteOlderThan(limits.expireBefore());
            }
            for (String expire : List.of(PhotoSql.EXPIRE_CHUNKS, PhotoSql.EXPIRE_UPLOADS)) {
                try (PreparedStatement ps = c.prepareStatement(expire)) {
                    tx.dialect().setInstant(ps, 1, limits.expireBefore());
                    ps.executeUpdate();
                }
            }
            Optional<Photo> stored = photo(c, u.id());
            if (stored.isPresent()) {
                return new AlreadyStored(stored.get());
            }
            Optional<Upload> open = upload(c, u.id(), false);
            if (open.isPresent()) {
                return new Resumed(open.get());
            }
            long onRecord = count(c, PhotoSql.COUNT_STORED, u.recordKind(), u.recordId())
                    + count(c, PhotoSql.COUNT_OPEN_OF_RECORD, u.recordKind(), u.recordId());
            if (onRecord >= limits.maxPerRecord()) {
                return new OverLimit("photos.maxPerRecord", limits.maxPerRecord());
            }
            if (count(c, PhotoSql.COUNT_OPEN_OF_CADRE, u.cadre()) >= limits.maxOpenPerCadre()) {
                return new OverLimit("photos.maxOpenPerCadre", limits.maxOpenPerCadre());
            }
            try (PreparedStatement ps = c.prepareStatement(PhotoSql.INSERT_UPLOAD)) {
                ps.setString(1, u.id());
                ps.setString(2, u.cadre());
                ps.setString(3, u.recordKind());
                ps.setString(4, u.recordId());
                ps.setLong(5, u.bytes());
                ps.setString(6, u.sha256());
                ps.setString(7, u.contentType());
                ps.setString(8, u.takenAt());
                setDouble(ps, 9, u.lon());
                setDouble(ps, 10, u.lat());
                setDouble(ps, 11, u.deviceLon());
                setDouble(ps, 12, u.deviceLat());
                tx.dialect().setInstant(ps, 13, u.createdAt());
                ps.executeUpdate();
            }
            if (files != null) {
                files.delete(u.id()); // nothing received yet, whatever a file of this id held
            }
            return new Started(upload(c, u.id(), false).orElseThrow());
        });
    }

    /**
     * In one transaction: the upload locked, compared, {@code INSERT_CHUNK} and {@code SET_RECEIVED}; with
     * files, the upload read and the chunk written to its file, nothing committed.
     */
    @Override
    public Appended append(String id, long start, byte[] data) {
        if (files != null) {
            return tx.read(c -> {
                Optional<Upload> open = upload(c, id, false);
                if (open.isEmpty()) {
                    return new NoUpload();
                }
                if (open.get().received() != start) {
                    return new OutOfOrder(open.get().received());
                }
                files.write(id, start, data);
                return new Accepted(upload(c, id, false).orElseThrow());
            });
        }
        return tx.write(c -> {
            Optional<Upload> open = upload(c, id, true);
            if (open.isEmpty()) {
                return new NoUpload();
            }
            if (open.get().received() != start) {
                return new OutOfOrder(open.get().received());
            }
            try (PreparedStatement ps = c.prepareStatement(PhotoSql.INSERT_CHUNK)) {
                ps.setString(1, id);
                ps.setLong(2, start);
                ps.setBytes(3, data);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(PhotoSql.SET_RECEIVED)) {
                ps.setLong(1, start + data.length);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return new Accepted(upload(c, id, false).orElseThrow());
        });
    }

    @Override
    public byte[] received(String id) {
        if (files != null) {
            return tx.read(c -> upload(c, id, false).isPresent() ? files.read(id) : new byte[0]);
        }
        return tx.read(c -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (PreparedStatement ps = c.prepareStatement(PhotoSql.CHUNKS)) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.writeBytes(rs.getBytes(1));
                    }
                }
            }
            return out.toByteArray();
        });
    }

    @Override
    public void discard(String id) {
        if (files != null) {
            tx.read(c -> {
                files.delete(id);
                return null;
            });
            return;
        }
        tx.write(c -> {
            upload(c, id, true);
            try (PreparedStatement ps = c.prepareStatement(PhotoSql.DELETE_CHUNKS)) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(PhotoSql.SET_RECEIVED)) {
                ps.setLong(1, 0);
                ps.setString(2, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * In one transaction: {@code INSERT_PHOTO} (nothing more when the id is stored), the backend's
     * {@code relate}, {@code COUNT_PHOTO}, {@code DELETE_CHUNKS}, {@code DELETE_UPLOAD}, {@code afterComplete}
     * and the audit entry.
     */
    @Override
    public Completed complete(Photo p, byte[] full, byte[] thumbnail, AuditEntry entry) {
        String countPhoto = PhotoSql.COUNT_PHOTO.get(p.recordKind());
        if (p.id() == null || countPhoto == null || p.createdAt() == null || full == null || thumbnail == null) {
            throw new IllegalArgumentException("a photo needs its id, record kind, time and both images");
        }
        Completed done = tx.write(c -> {
            if (insert(c, p, full, thumbnail) == 0) {
                return new Duplicate(photo(c, p.id()).orElseThrow());
            }
            String relate = sql.relate().get(p.recordKind());
            if (relate != null) {
                try (PreparedStatement ps = c.prepareStatement(relate)) {
                    ps.setString(1, p.recordId());
                    ps.setString(2, p.id());
                    ps.executeUpdate();
                }
            }
            try (PreparedStatement ps = c.prepareStatement(countPhoto)) {
                tx.dialect().setInstant(ps, 1, p.createdAt());
                ps.setString(2, p.recordId());
                ps.executeUpdate();
            }
            for (String delete : List.of(PhotoSql.DELETE_CHUNKS, PhotoSql.DELETE_UPLOAD)) {
                try (PreparedStatement ps = c.prepareStatement(delete)) {
                    ps.setString(1, p.id());
                    ps.executeUpdate();
                }
            }
            for (String after : sql.afterComplete()) {
                try (PreparedStatement ps = c.prepareStatement(after)) {
                    tx.dialect().setInstant(ps, 1, p.createdAt());
                    ps.executeUpdate();
                }
            }
            audit.append(c, entry);
            long photos;
            try (PreparedStatement ps = c.prepareStatement(PhotoSql.OWNER.get(p.recordKind()))) {
                ps.setString(1, p.recordId());
                try (ResultSet rs = ps.executeQuery()) {
                    photos = rs.next() ? rs.getLong(5) : 0;
                }
            }
            return new Stored(photo(c, p.id()).orElseThrow(), photos);
        });
        if (files != null) {
            tx.read(c -> {
                if (upload(c, p.id(), false).isEmpty()) {
                    files.delete(p.id()); // committed: the received bytes are the photo's now
                }
                return null;
            });
        }
        return done;
    }

    @Override
    public boolean setThumbnail(String id, byte[] thumbnail) {
        if (thumbnail == null || thumbnail.length == 0) {
            throw new IllegalArgumentException("a thumbnail needs its bytes");
        }
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(PhotoSql.SET_THUMBNAIL)) {
                ps.setBytes(1, thumbnail);
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private int insert(Connection c, Photo p, byte[] full, byte[] thumbnail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PhotoSql.INSERT_PHOTO)) {
            ps.setString(1, p.id());
            ps.setBytes(2, full);
            ps.setString(3, p.recordKind());
            ps.setString(4, p.recordId());
            ps.setString(5, p.cadre());
            ps.setString(6, p.villageCode());
            ps.setString(7, p.householdCode());
            ps.setString(8, p.takenAt());
            setDouble(ps, 9, p.lon());
            setDouble(ps, 10, p.lat());
            setDouble(ps, 11, p.deviceLon());
            setDouble(ps, 12, p.deviceLat());
            ps.setString(13, p.flags());
            ps.setLong(14, p.bytes());
            ps.setInt(15, p.width());
            ps.setInt(16, p.height());
            ps.setString(17, p.sha256());
            ps.setBytes(18, thumbnail);
            tx.dialect().setInstant(ps, 19, p.createdAt());
            return ps.executeUpdate();
        }
    }

    private long count(Connection c, String query, String... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(query)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private Optional<Upload> upload(Connection c, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PhotoSql.UPLOAD + (lock ? sql.forUpdate() : ""))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String upload = rs.getString(1);
                return Optional.of(new Upload(upload, rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong(5), rs.getString(6), rs.getString(7), rs.getString(8), number(rs.getObject(9)),
                        number(rs.getObject(10)), number(rs.getObject(11)), number(rs.getObject(12)),
                        files == null ? rs.getLong(13) : files.length(upload), tx.dialect().getInstant(rs, 14)));
            }
        }
    }

    private Optional<Photo> photo(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(PhotoSql.PHOTO)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(photo(rs)) : Optional.empty();
            }
        }
    }

    private Photo photo(ResultSet rs) throws SQLException {
        return new Photo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), number(rs.getObject(8)), number(rs.getObject(9)),
                number(rs.getObject(10)), number(rs.getObject(11)), rs.getString(12), rs.getLong(13), rs.getInt(14),
                rs.getInt(15), rs.getString(16), tx.dialect().getInstant(rs, 17));
    }

    private static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.DOUBLE);
        } else {
            ps.setDouble(i, v);
        }
    }

    private static Double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }
}

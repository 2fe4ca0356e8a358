package org.xiangtu.store.memory;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore.Visit;
import org.xiangtu.store.PhotoStore;

/**
 * The field app's photos in memory, under its {@link MemoryWorkStore}'s lock (so a photo, its visit's count
 * and its audit entry are one transaction): photos with their two images, open uploads with their chunks.
 * Records are the visits of its {@link MemoryFieldStore}; it holds no work logs.
 */
final class MemoryPhotoStore implements PhotoStore {
    private final MemoryWorkStore lock;
    private final MemoryFieldStore field;
    private final Map<String, Photo> photos = new LinkedHashMap<>();
    private final Map<String, byte[][]> images = new LinkedHashMap<>();
    private final Map<String, Upload> uploads = new LinkedHashMap<>();
    private final Map<String, ByteArrayOutputStream> chunks = new LinkedHashMap<>();

    MemoryPhotoStore(MemoryWorkStore lock, MemoryFieldStore field) {
        this.lock = lock;
        this.field = field;
    }

    @Override
    public Optional<Owner> owner(String kind, String id) {
        if (!"visit".equals(kind)) {
            return Optional.empty();
        }
        return field.visit(id).map(v -> new Owner(kind, v.id(), v.cadre(), v.villageCode(), v.householdCode(),
                v.photos()));
    }

    @Override
    public Optional<Upload> upload(String id) {
        synchronized (lock) {
            return Optional.ofNullable(uploads.get(id));
        }
    }

    @Override
    public Optional<Photo> photo(String id) {
        synchronized (lock) {
            return Optional.ofNullable(photos.get(id));
        }
    }

    @Override
    public Optional<byte[]> image(String id, boolean thumbnail) {
        synchronized (lock) {
            return Optional.ofNullable(images.get(id)).map(i -> i[thumbnail ? 1 : 0].clone());
        }
    }

    @Override
    public List<Photo> photos(String kind, String recordId) {
        synchronized (lock) {
            return photos.values().stream().filter(p -> p.recordKind().equals(kind) && p.recordId().equals(recordId))
                    .toList();
        }
    }

    @Override
    public Begun begin(Upload u, Limits limits) {
        synchronized (lock) {
            new ArrayList<>(uploads.values()).stream().filter(o -> o.createdAt().isBefore(limits.expireBefore()))
                    .forEach(o -> {
                        uploads.remove(o.id());
                        chunks.remove(o.id());
                    });
            if (photos.containsKey(u.id())) {
                return new AlreadyStored(photos.get(u.id()));
            }
            if (uploads.containsKey(u.id())) {
                return new Resumed(uploads.get(u.id()));
            }
            long onRecord = photos(u.recordKind(), u.recordId()).size() + uploads.values().stream()
                    .filter(o -> o.recordKind().equals(u.recordKind()) && o.recordId().equals(u.recordId())).count();
            if (onRecord >= limits.maxPerRecord()) {
                return new OverLimit("photos.maxPerRecord", limits.maxPerRecord());
            }
            if (uploads.values().stream().filter(o -> o.cadre().equals(u.cadre())).count() >= limits.maxOpenPerCadre()) {
                return new OverLimit("photos.maxOpenPerCadre", limits.maxOpenPerCadre());
            }
            Upload begun = withReceived(u, 0);
            uploads.put(u.id(), begun);
            chunks.put(u.id(), new ByteArrayOutputStream());
            return new Started(begun);
        }
    }

    @Override
    public Appended append(String id, long start, byte[] data) {
        synchronized (lock) {
            Upload u = uploads.get(id);
            if (u == null) {
                return new NoUpload();
            }
            if (u.received() != start) {
                return new OutOfOrder(u.received());
            }
            chunks.get(id).writeBytes(data);
            Upload now = withReceived(u, start + data.length);
            uploads.put(id, now);
            return new Accepted(now);
        }
    }

    @Override
    public byte[] received(String id) {
        synchronized (lock) {
            ByteArrayOutputStream c = chunks.get(id);
            return c == null ? new byte[0] : c.toByteArray();
        }
    }

    @Override
    public void discard(String id) {
        synchronized (lock) {
            if (uploads.containsKey(id)) {
                uploads.put(id, withReceived(uploads.get(id), 0));
                chunks.put(id, new ByteArrayOutputStream());
            }
        }
    }

    @Override
    public Completed complete(Photo p, byte[] full, byte[] thumbnail, AuditEntry audit) {
        if (p.id() == null || !"visit".equals(p.recordKind()) || p.createdAt() == null || full == null
                || thumbnail == null) {
            throw new IllegalArgumentException("a photo needs its id, record kind, time and both images");
        }
        synchronized (lock) {
            if (photos.containsKey(p.id())) {
                return new Duplicate(photos.get(p.id()));
            }
            lock.checkAudit(audit); // before anything is written, as the tables' NOT NULL would refuse it
            Optional<Visit> visit = field.visit(p.recordId());
            photos.put(p.id(), p);
            images.put(p.id(), new byte[][] {full.clone(), thumbnail.clone()});
            long count = visit.isPresent() ? field.countPhoto(p.recordId(), p.createdAt()) : 0;
            uploads.remove(p.id());
            chunks.remove(p.id());
            lock.append(audit);
            return new Stored(p, count);
        }
    }

    @Override
    public boolean setThumbnail(String id, byte[] thumbnail) {
        if (thumbnail == null || thumbnail.length == 0) {
            throw new IllegalArgumentException("a thumbnail needs its bytes");
        }
        synchronized (lock) {
            byte[][] i = images.get(id);
            if (i == null || i[1].length > 0) {
                return false;
            }
            i[1] = thumbnail.clone();
            return true;
        }
    }

    private static Upload withReceived(Upload u, long received) {
        return new Upload(u.id(), u.cadre(), u.recordKind(), u.recordId(), u.bytes(), u.sha256(), u.contentType(),
                u.takenAt(), u.lon(), u.lat(), u.deviceLon(), u.deviceLat(), received, u.createdAt());
    }
}

-- Issue 16: the field app's photos. Finished photos in a table of their own (full JPEG without metadata and a
-- thumbnail, with what the device said: EXIF time and position, its fix, flags); unfinished uploads and their
-- chunks, so that an upload resumes after a cut and no chunk is held in memory. Same columns as the GeoPackage's
-- (store/geopackage/GeoPackagePhotoSql).

CREATE TABLE field_photos (
    id bigserial PRIMARY KEY,
    data bytea NOT NULL,
    content_type text NOT NULL,
    photo_id text COLLATE "C" NOT NULL UNIQUE,
    record_kind text NOT NULL,
    record_id text COLLATE "C" NOT NULL,
    cadre text,
    village_code text,
    household_code text,
    taken_at text,
    exif_lon double precision,
    exif_lat double precision,
    device_lon double precision,
    device_lat double precision,
    flags text NOT NULL,
    bytes bigint NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    sha256 text NOT NULL,
    thumbnail bytea NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX field_photos_record_idx ON field_photos (record_kind, record_id);

CREATE TABLE xiangtu_photo_uploads (
    photo_id text COLLATE "C" PRIMARY KEY,
    cadre text NOT NULL,
    record_kind text NOT NULL,
    record_id text COLLATE "C" NOT NULL,
    bytes bigint NOT NULL,
    sha256 text NOT NULL,
    content_type text NOT NULL,
    taken_at text,
    lon double precision,
    lat double precision,
    device_lon double precision,
    device_lat double precision,
    received bigint NOT NULL,
    created_at timestamptz NOT NULL
);
CREATE INDEX xiangtu_photo_uploads_cadre_idx ON xiangtu_photo_uploads (cadre);
CREATE INDEX xiangtu_photo_uploads_record_idx ON xiangtu_photo_uploads (record_kind, record_id);

CREATE TABLE xiangtu_photo_chunks (
    photo_id text COLLATE "C" NOT NULL,
    start bigint NOT NULL,
    data bytea NOT NULL,
    PRIMARY KEY (photo_id, start)
);

package org.xiangtu.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the catalogue strictly: an unknown member or a broken reference is an error naming it. */
public final class CatalogLoader {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private CatalogLoader() {
    }

    public static Catalog read(InputStream in, String source) {
        try {
            return MAPPER.readValue(in, Catalog.class);
        } catch (IOException e) {
            String msg = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe
                    ? jpe.getOriginalMessage() : e.getMessage();
            throw new CatalogException(source + ": " + msg, e);
        } catch (IllegalArgumentException e) {
            throw new CatalogException(source + ": " + e.getMessage(), e);
        }
    }

    public static Catalog read(DataSource data) {
        try (InputStream in = data.open(DataSource.CATALOG)) {
            return read(in, data.describe(DataSource.CATALOG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalogue could not be read or is inconsistent. */
    public static final class CatalogException extends RuntimeException {
        public CatalogException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

package org.xiangtu.io.upload;

import org.xiangtu.catalog.FieldType;

/** One attribute column of an upload, with its original name (Chinese allowed) and its type. */
public record UploadField(String name, FieldType type) {
}

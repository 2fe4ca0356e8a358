package org.xiangtu.catalog;

/** A text in Simplified Chinese and English; both are required. */
public record I18n(String zh, String en) {
    public I18n {
        if (zh == null || zh.isBlank() || en == null || en.isBlank()) {
            throw new IllegalArgumentException("a text needs both zh and en");
        }
    }
}

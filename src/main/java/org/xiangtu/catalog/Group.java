package org.xiangtu.catalog;

/** A group of layers in the layer switcher. */
public record Group(String id, I18n title) {
}

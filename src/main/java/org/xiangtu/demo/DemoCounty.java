package org.xiangtu.demo;

import java.nio.file.Path;
import org.xiangtu.catalog.Catalog;

/** The generated demo county (placeholder until the generator lands). */
public final class DemoCounty {
    public static DemoCounty generate(Catalog catalog) {
        throw new UnsupportedOperationException("not yet");
    }

    public int write(Catalog catalog, Path dir) {
        return 0;
    }
}

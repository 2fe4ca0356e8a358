// Pure styling rules: catalogue layer style + legend class → Leaflet path options. No DOM, no Leaflet.

/** Keys of a catalogue `style` that are passed on to Leaflet paths. */
export const PATH_KEYS = ['color', 'weight', 'opacity', 'fillColor', 'fillOpacity', 'dashArray'];

export const DEFAULT_RADIUS = 6;

// As in Leaflet, a missing fillColor means "same as color".
const DEFAULTS = {
  polygon: { color: '#3b5bdb', weight: 1, opacity: 1, fillOpacity: 0.2 },
  line: { color: '#3b5bdb', weight: 2, opacity: 1 },
  point: { color: '#3b5bdb', weight: 1, opacity: 1, fillOpacity: 0.8 },
};

/** Whether a catalogue layer has geometry that can be drawn. */
export function isSpatial(layer) {
  return Boolean(layer && layer.geometry && layer.geometry !== 'None');
}

/**
 * How a layer is drawn and shown in a legend: "point", "line" or "polygon".
 * "Geometry" (mixed) layers are drawn per feature; their legend swatch is a polygon.
 */
export function geometryKind(geometryType) {
  switch (geometryType) {
    case 'Point':
    case 'MultiPoint':
      return 'point';
    case 'LineString':
    case 'MultiLineString':
      return 'line';
    default:
      return 'polygon';
  }
}

function pickPathKeys(style) {
  const out = {};
  if (!style) return out;
  for (const key of PATH_KEYS) {
    if (style[key] !== undefined && style[key] !== null) out[key] = style[key];
  }
  return out;
}

/** The legend class a feature falls in, or null (no legend, or a value outside the classes). */
export function legendClassFor(layer, properties) {
  const legend = layer && layer.legend;
  if (!legend || !Array.isArray(legend.classes) || !properties) return null;
  const value = properties[legend.field];
  if (value === null || value === undefined) return null;
  return legend.classes.find((c) => String(c.value) === String(value)) ?? null;
}

/**
 * Leaflet path options for one feature (or, without properties, for the layer itself).
 * Defaults for the kind ← layer style ← matching legend class style. Lines never fill.
 * @param {object} layer catalogue layer
 * @param {object|null} [properties] feature properties
 * @param {string} [geometryType] the feature's own GeoJSON type; defaults to the layer's
 */
export function pathOptions(layer, properties = null, geometryType = layer.geometry) {
  const kind = geometryKind(geometryType);
  const cls = legendClassFor(layer, properties);
  const options = { ...DEFAULTS[kind], ...pickPathKeys(layer.style), ...pickPathKeys(cls && cls.style) };
  if (kind === 'line') {
    options.fill = false;
  } else if (options.fillColor === undefined) {
    options.fillColor = options.color;
  }
  return options;
}

/** Radius in pixels of a point feature's circle marker (layer style ← legend class style). */
export function pointRadius(layer, properties = null) {
  const cls = legendClassFor(layer, properties);
  const radius = Number((cls && cls.style && cls.style.radius) ?? (layer.style && layer.style.radius));
  return Number.isFinite(radius) && radius > 0 ? radius : DEFAULT_RADIUS;
}

/**
 * What the legend shows for a layer: one entry per legend class, or a single entry for the layer.
 * `title` is a catalogue text {zh, en}; `style` is ready-made path options; `radius` is for points.
 * @returns {{kind: string, title: object, style: object, radius: number}[]}
 */
export function legendEntries(layer) {
  const kind = geometryKind(layer.geometry);
  const legend = layer.legend;
  if (legend && Array.isArray(legend.classes) && legend.classes.length > 0) {
    return legend.classes.map((cls) => {
      const properties = { [legend.field]: cls.value };
      return {
        kind,
        title: cls.title ?? { zh: String(cls.value), en: String(cls.value) },
        style: pathOptions(layer, properties),
        radius: pointRadius(layer, properties),
      };
    });
  }
  return [{ kind, title: layer.title, style: pathOptions(layer), radius: pointRadius(layer) }];
}

/** Catalogue layers sorted by draw order (low first); ties keep catalogue order. */
export function byOrder(layers) {
  return layers
    .map((layer, index) => ({ layer, index }))
    .sort((a, b) => (a.layer.order ?? 0) - (b.layer.order ?? 0) || a.index - b.index)
    .map((entry) => entry.layer);
}

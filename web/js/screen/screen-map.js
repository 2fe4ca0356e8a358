// The screen's map: one Leaflet map without interaction; one GeoJSON layer per catalogue layer, made
// once and then only shown, hidden, restyled or refilled; views fly from scene to scene.

import { map as createMap, control, geoJSON, circleMarker, latLngBounds } from 'leaflet';
import { pathOptions, pointRadius, isSpatial, byOrder } from '../map/style.js';
import { THEMES, themeById, paletteFor } from '../map/themes.js';
import { quantileBreaks, classIndex } from '../map/classify.js';

const PANE_BASE_Z = 401;
const FLY_SECONDS = 1.2;

/** Dark-background overrides of the catalogue styles for the outlines. */
const DARK = {
  district: { color: '#74c0fc', weight: 4, opacity: 1, fillColor: '#1c3a5e', fillOpacity: 0.35 },
  towns: { color: '#8aa4c8', weight: 1.5, opacity: 0.8, fillColor: '#1c3a5e', fillOpacity: 0.15 },
  villagesPlain: { color: '#4b6584', weight: 0.6, opacity: 0.8, fillColor: '#1c3a5e', fillOpacity: 0.3 },
  villagesOutside: { color: '#2c4766', weight: 0.4, opacity: 0.6, fillColor: '#0b1a2e', fillOpacity: 0.2 },
};
const TOWN_FOCUS = { color: '#ffd43b', weight: 5, opacity: 1, fillOpacity: 0 };
const TOWN_DIM = { color: '#8aa4c8', weight: 1, opacity: 0.5, fillOpacity: 0 };
/** A village without a value for the theme: dark (a light grey would outshine the data on the dark screen). */
export const SCREEN_NO_DATA = '#2c4766';
/** Villages outside the towns a comparison scene ranks stay faint. */
const OUTSIDE_FOCUS_OPACITY = 0.25;

/** One design pixel in screen pixels (the stage is designed at 1920×1080): lines and markers grow with it. */
export function stageScale(width = window.innerWidth, height = window.innerHeight) {
  return Math.min(width / 1920, height / 1080) || 1;
}

function scaled(options, k) {
  const out = { ...options };
  if (Number.isFinite(out.weight)) out.weight *= k;
  if (Number.isFinite(out.radius)) out.radius *= k;
  if (typeof out.dashArray === 'string') out.dashArray = out.dashArray.replace(/\d+(\.\d+)?/g, (n) => String(Number(n) * k));
  return out;
}

/**
 * The villages under a theme with FIXED class breaks (the same for every scene, so one colour means one
 * value on the whole tour). Class i holds breaks[i] ≤ v < breaks[i+1] (the last one is closed).
 * @returns {{theme, breaks: number[], classes: {index, lower, upper, count, color}[], colorById: Map}}
 */
export function fixedChoropleth(theme, breaks, villages) {
  const colors = paletteFor(theme.palette, Math.max(breaks.length - 1, 0));
  const classes = colors.map((color, i) => ({ index: i, lower: breaks[i], upper: breaks[i + 1], count: 0, color }));
  const colorById = new Map();
  let noData = 0;
  for (const village of villages) {
    const v = village.metrics ? village.metrics[theme.metric] : null;
    const i = classIndex(v, breaks);
    if (i >= 0) classes[i].count += 1;
    colorById.set(village.id, i < 0 ? SCREEN_NO_DATA : colors[i]);
    noData += i < 0 ? 1 : 0;
  }
  return { theme, breaks, classes, colorById, noData: { count: noData, color: SCREEN_NO_DATA } };
}

/**
 * The map of the screen.
 * `layers(ids)` loads catalogue layers once (`load(id) → FeatureCollection`); `show(scene, dashboard)` sets
 * the visible layers, the village theme, the focused town and flies to the scene's view.
 */
export class ScreenMap {
  constructor(element, { catalog, attribution }) {
    this.map = createMap(element, {
      zoomControl: false, attributionControl: false, dragging: false, scrollWheelZoom: false,
      doubleClickZoom: false, boxZoom: false, keyboard: false, touchZoom: false, zoomSnap: 0.1,
      fadeAnimation: true, zoomAnimation: true,
    });
    control.attribution({ prefix: false }).addAttribution(attribution).addTo(this.map);
    this.defs = new Map(catalog.layers.filter(isSpatial).map((def) => [def.id, def]));
    // the town outlines go right above the villages, so a focused town's outline is not hidden by their fill
    const order = byOrder([...this.defs.values()]).map((def) => def.id);
    if (order.includes('towns') && order.includes('villages')) {
      order.splice(order.indexOf('towns'), 1);
      order.splice(order.indexOf('villages') + 1, 0, 'towns');
    }
    this.order = order;
    this.entries = new Map(); // id → {def, layer}
    this.visible = new Set();
    this.choropleth = null;
    this.focusTown = null;
    this.focusTowns = null; // codes of the towns a comparison scene shows
    this.breaks = new Map(); // theme id → the fixed breaks of the whole tour
    this.k = stageScale();
  }

  /**
   * Fixes every theme's class breaks once: given ones (scenes.json `breaks`) or the quintiles of all the
   * district's villages (public aggregates from the dashboard).
   */
  fixBreaks(villages, given = {}) {
    for (const theme of THEMES) {
      const fixed = Array.isArray(given[theme.id]) && given[theme.id].length >= 2 ? given[theme.id].map(Number) : null;
      this.breaks.set(theme.id, fixed ?? quantileBreaks(villages.map((v) => v.metrics?.[theme.metric] ?? null),
        theme.palette.length));
    }
  }

  choroplethFor(scene, dashboard) {
    if (!scene.theme) return null;
    const theme = themeById(scene.theme);
    return fixedChoropleth(theme, this.breaks.get(theme.id) ?? [], dashboard.villages ?? []);
  }

  /** Creates (once) the layers with these ids and fills them with `load(id)`; unknown ids are skipped. */
  async prepare(ids, load) {
    const wanted = ids.filter((id) => this.defs.has(id) && !this.entries.has(id));
    await Promise.all(wanted.map(async (id) => {
      const collection = await load(id);
      this.entry(id).layer.addData(collection);
    }));
  }

  /** Refills a layer after its data changed (an import); the Leaflet layer object stays the same. */
  refill(id, collection) {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.layer.clearLayers();
    entry.layer.addData(collection);
    this.restyle();
  }

  entry(id) {
    if (this.entries.has(id)) return this.entries.get(id);
    const def = this.defs.get(id);
    const pane = `screen-${id}`;
    this.map.createPane(pane).style.zIndex = String(PANE_BASE_Z + this.order.indexOf(id));
    const layer = geoJSON(null, {
      pane,
      interactive: false,
      style: (feature) => this.styleOf(id, feature),
      pointToLayer: (feature, latlng) => circleMarker(latlng, {
        pane, interactive: false, radius: pointRadius(def, feature.properties) * this.k,
      }),
    });
    const entry = { def, layer };
    this.entries.set(id, entry);
    return entry;
  }

  styleOf(id, feature) {
    const options = this.baseStyleOf(id, feature);
    const def = this.defs.get(id);
    if (feature.geometry?.type === 'Point' || feature.geometry?.type === 'MultiPoint') {
      options.radius = pointRadius(def, feature.properties);
    }
    return scaled(options, this.k);
  }

  baseStyleOf(id, feature) {
    const def = this.defs.get(id);
    if (id === 'district') return DARK.district;
    if (id === 'towns') {
      if (this.focusTowns) return this.focusTowns.has(feature.properties?.code) ? TOWN_FOCUS : TOWN_DIM;
      if (!this.focusTown) return DARK.towns;
      return feature.id === this.focusTown.id || feature.properties?.code === this.focusTown.code ? TOWN_FOCUS : TOWN_DIM;
    }
    if (id === 'villages') {
      if (!this.choropleth) return DARK.villagesPlain;
      if (!this.choropleth.colorById.has(feature.id)) return DARK.villagesOutside;
      const outside = this.focusTowns && !this.focusTowns.has(feature.properties?.town_code);
      return { color: '#0b1a2e', weight: 0.6, opacity: 0.9, fillColor: this.choropleth.colorById.get(feature.id),
        fillOpacity: outside ? OUTSIDE_FOCUS_OPACITY : 0.85 };
    }
    return { ...pathOptions(def, feature.properties, feature.geometry?.type) };
  }

  restyle(all = false) {
    for (const [id, entry] of this.entries) {
      if (all || (this.visible.has(id) && (id === 'towns' || id === 'villages'))) {
        entry.layer.setStyle((f) => this.styleOf(id, f));
      }
    }
  }

  /**
   * Shows a scene: its layers (others removed from the map, kept in memory), the theme over the
   * dashboard's villages, the focused town; flies to the town or the district.
   * @returns {{themeLegend: object|null}}
   */
  show(scene, dashboard, { animate = true } = {}) {
    this.choropleth = this.choroplethFor(scene, dashboard);
    this.focusTown = scene.town;
    this.focusTowns = scene.towns ? new Set(scene.towns) : null;
    const wanted = new Set((scene.layers ?? []).filter((id) => this.entries.has(id)));
    for (const id of this.visible) {
      if (!wanted.has(id)) this.entries.get(id).layer.remove();
    }
    for (const id of wanted) {
      if (!this.visible.has(id)) this.entries.get(id).layer.addTo(this.map);
    }
    this.visible = wanted;
    this.restyle();
    this.flyTo(this.boundsFor(scene), animate);
    return this.choropleth;
  }

  /** Only the theme changed (new figures for the same scene). */
  retheme(scene, dashboard) {
    this.choropleth = this.choroplethFor(scene, dashboard);
    this.restyle();
    return this.choropleth;
  }

  boundsFor(scene) {
    const fit = scene.fit ? this.entries.get(scene.fit) : null; // scenes.json `fit`: the view of one layer
    if (fit && fit.layer.getBounds().isValid()) return fit.layer.getBounds();
    if (scene.town) {
      const towns = this.entries.get('towns');
      let bounds = null;
      towns?.layer.eachLayer((l) => {
        const f = l.feature;
        if (f && (f.id === scene.town.id || f.properties?.code === scene.town.code)) bounds = l.getBounds();
      });
      if (bounds) return bounds;
    }
    const district = this.entries.get('district');
    if (district && district.layer.getBounds().isValid()) return district.layer.getBounds();
    let all = null;
    for (const { layer } of this.entries.values()) {
      const b = layer.getBounds();
      if (b.isValid()) all = all ? all.extend(b) : latLngBounds(b.getSouthWest(), b.getNorthEast());
    }
    return all;
  }

  flyTo(bounds, animate) {
    if (!bounds || !bounds.isValid()) return;
    const size = this.map.getSize();
    const padding = [Math.round(size.y * 0.05), Math.round(size.y * 0.05)];
    if (animate && this.map.getZoom() !== undefined && this.hasView) {
      this.map.flyToBounds(bounds, { padding, duration: FLY_SECONDS });
    } else {
      this.map.fitBounds(bounds, { padding, animate: false });
      this.hasView = true;
    }
  }

  resize() {
    this.map.invalidateSize({ pan: false });
    const k = stageScale();
    if (k !== this.k) {
      this.k = k;
      this.restyle(true);
    }
  }

  /** Features drawn now (for the test hook). */
  counts() {
    const out = {};
    for (const id of this.visible) out[id] = this.entries.get(id).layer.getLayers().length;
    return out;
  }
}

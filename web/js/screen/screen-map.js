// The screen's map: one Leaflet map without interaction; one GeoJSON layer per catalogue layer, made
// once and then only shown, hidden, restyled or refilled; views fly from scene to scene.

import { map as createMap, control, geoJSON, circleMarker, latLngBounds } from 'leaflet';
import { pathOptions, pointRadius, isSpatial, byOrder } from '../map/style.js';
import { THEMES, themeById, paletteFor } from '../map/themes.js';
import { quantileBreaks, classIndex } from '../map/classify.js';
import { labelPoint, placeLabelsAt } from '../map/scale.js';

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

/** Room kept between two town labels, in design pixels. */
const LABEL_GAP = 6;

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
    // the town names: one overlay over the map, laid out again when a flight ends (hidden while flying)
    this.labels = document.createElement('div');
    this.labels.className = 'xs-townlabels';
    this.map.getContainer().append(this.labels);
    this.lang = 'zh';
    this.map.on('movestart zoomstart', () => { this.labels.hidden = true; });
    this.map.on('moveend zoomend', () => this.relabel());
  }

  /** The label points of a town's villages, in map container pixels (where its name may go instead). */
  villagePoints(code) {
    const out = [];
    this.entries.get('villages')?.layer.eachLayer((l) => {
      if (l.feature?.properties?.town_code !== code) return;
      const point = labelPoint(l.feature.geometry);
      if (point) out.push(this.map.latLngToContainerPoint([point[1], point[0]]));
    });
    return out;
  }

  /** A town's name in `lang`: its pinyin in English (from the towns layer), its Chinese name otherwise. */
  townName(code, name, lang = this.lang) {
    if (lang !== 'en') return name;
    let pinyin = null;
    this.entries.get('towns')?.layer.eachLayer((l) => {
      if (l.feature?.properties?.code === code) pinyin = l.feature.properties.pinyin ?? null;
    });
    return pinyin ?? name;
  }

  /**
   * Names the towns on the map without overlaps: the towns a scene highlights first (in rank order, each
   * with its rank; they may move above, below or beside their point to stay clear), then the others by
   * size; a label that would meet another, the legend, a flag or the map's edge is left out.
   * @param {string} [lang] 'zh' (names) or 'en' (pinyin)
   */
  relabel(lang = this.lang) {
    this.lang = lang;
    const towns = this.entries.get('towns');
    if (this.flying) return; // the flight's end lays them out
    if (!towns || !this.visible.has('towns') || !this.map._loaded) {
      this.labels.replaceChildren();
      return;
    }
    const focus = this.focusTowns ? [...this.focusTowns] : this.focusTown ? [this.focusTown.code] : [];
    const ranks = new Map(this.focusTowns && this.focusRank ? focus.map((code, i) => [code, this.focusRank + i]) : []);
    const size = this.map.getSize();
    const candidates = [];
    towns.layer.eachLayer((l) => {
      const p = l.feature?.properties ?? {};
      const point = labelPoint(l.feature?.geometry);
      if (!point || !p.name) return;
      const at = this.map.latLngToContainerPoint([point[1], point[0]]);
      if (at.x < 0 || at.y < 0 || at.x > size.x || at.y > size.y) return;
      const b = l.getBounds();
      candidates.push({ code: p.code, text: lang === 'en' && p.pinyin ? p.pinyin : p.name, at,
        focus: focus.indexOf(p.code), area: Math.abs((b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth())) });
    });
    candidates.sort((a, b) => (a.focus < 0) - (b.focus < 0) || (a.focus - b.focus) || b.area - a.area
      || String(a.code).localeCompare(String(b.code)));
    const nodes = candidates.map((c) => {
      const node = document.createElement('div');
      node.className = c.focus >= 0 ? 'xs-townlabel is-focus' : 'xs-townlabel';
      node.dataset.code = c.code;
      if (ranks.has(c.code)) {
        const rank = document.createElement('span');
        rank.className = 'xs-townlabel__rank';
        rank.textContent = String(ranks.get(c.code));
        node.append(rank);
      }
      node.append(c.text);
      return node;
    });
    this.labels.replaceChildren(...nodes);
    this.labels.hidden = false;
    const origin = this.map.getContainer().getBoundingClientRect();
    const obstacles = [...this.map.getContainer().parentElement.querySelectorAll(
      '.xs-legend:not([hidden]), .xs-flags > :not([hidden]), .xs-status:not([hidden]), .leaflet-control')]
      .map((el) => el.getBoundingClientRect()).filter((r) => r.width > 0)
      .map((r) => ({ x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height }));
    const edge = 4 * this.k;
    const inside = (box) => box.x >= edge && box.y >= edge && box.x + box.w <= size.x - edge && box.y + box.h <= size.y - edge;
    const positions = nodes.map((node, i) => {
      const w = node.offsetWidth;
      const h = node.offsetHeight;
      const { x, y } = candidates[i].at;
      const centre = { x: x - w / 2, y: y - h / 2, w, h };
      if (candidates[i].focus < 0) return [centre].filter(inside);
      // a highlighted town's name may move off its point: beside, above or below it, one line further, then
      // onto its villages (nearest first) when the legend or other names cover its middle
      const around = ({ x: px, y: py }) => {
        const xs = [px - w / 2, px + 4 * this.k, px - w - 4 * this.k];
        const ys = [py - h / 2, py - h * 1.1, py + h * 0.1, py - h * 2.1, py + h * 1.1];
        return ys.flatMap((top) => xs.map((left) => ({ x: left, y: top, w, h })));
      };
      const villages = this.villagePoints(candidates[i].code)
        .sort((p, q) => Math.hypot(p.x - x, p.y - y) - Math.hypot(q.x - x, q.y - y));
      return [candidates[i].at, ...villages].flatMap(around).filter(inside);
    });
    const taken = placeLabelsAt(positions, LABEL_GAP * this.k, obstacles);
    nodes.forEach((node, i) => {
      if (taken[i] < 0) {
        node.remove();
        return;
      }
      const box = positions[i][taken[i]];
      node.style.left = `${box.x}px`;
      node.style.top = `${box.y}px`;
    });
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
    this.focusRank = scene.rank?.from ?? null;
    const wanted = new Set((scene.layers ?? []).filter((id) => this.entries.has(id)));
    for (const id of this.visible) {
      if (!wanted.has(id)) this.entries.get(id).layer.remove();
    }
    for (const id of wanted) {
      if (!this.visible.has(id)) this.entries.get(id).layer.addTo(this.map);
    }
    this.visible = wanted;
    this.restyle();
    this.labels.hidden = true;
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
      this.flying = true;
      this.map.once('moveend', () => {
        this.flying = false;
        this.relabel();
      });
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
    this.relabel();
  }

  /** Features drawn now (for the test hook). */
  counts() {
    const out = {};
    for (const id of this.visible) out[id] = this.entries.get(id).layer.getLayers().length;
    return out;
  }
}

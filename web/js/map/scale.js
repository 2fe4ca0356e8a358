// Scale rules from the catalogue (docs/catalog.md, "scale"): which features of a layer draw at the current zoom
// (zoom range, thinning by class, close points drawn as one numbered circle) and town and village labels that
// never overlap (greedy: the most important label first, a label whose box meets a placed one is left out).
// Shared by the cockpit and the planner; the pure parts at the top take no DOM and no Leaflet.

import { Layer, DomUtil, DomEvent, marker, divIcon, latLngBounds, latLng } from 'leaflet';
import { getLang } from '../core/i18n.js';

/** Whether `zoom` is in [minZoom, maxZoom) (maxZoom open, as in MapLibre style layers). */
export function inZoomRange(range, zoom) {
  if (!range) return true;
  if (range.minZoom !== undefined && zoom < range.minZoom) return false;
  if (range.maxZoom !== undefined && zoom >= range.maxZoom) return false;
  return true;
}

/** Whether one feature of a layer draws at `zoom`: the layer's range, then its class's zoom (byClass). */
export function featureDrawsAt(scale, properties, zoom) {
  if (!scale) return true;
  if (!inZoomRange(scale, zoom)) return false;
  const thin = scale.thin;
  if (thin && thin.rule === 'byClass') {
    const value = properties ? properties[thin.field] : undefined;
    const from = thin.minZoom[String(value)];
    if (from !== undefined && zoom < from) return false;
  }
  return true;
}

/** Whether a layer's close features are merged at `zoom`. */
export function clustersAt(scale, zoom) {
  return Boolean(scale && scale.thin && scale.thin.rule === 'cluster' && zoom < scale.thin.untilZoom);
}

/**
 * Greedy clustering in screen pixels: each point (in the given order) joins the first cluster whose first
 * point is closer than `radius`, else starts one. Deterministic for a given order.
 * @param {{x: number, y: number}[]} points
 * @param {number} radius
 * @returns {number[][]} clusters as lists of point indexes
 */
export function greedyClusters(points, radius) {
  const clusters = [];
  const r2 = radius * radius;
  points.forEach((p, i) => {
    const home = clusters.find((c) => {
      const q = points[c[0]];
      return (q.x - p.x) ** 2 + (q.y - p.y) ** 2 < r2;
    });
    if (home) home.push(i);
    else clusters.push([i]);
  });
  return clusters;
}

/** Whether two boxes {x, y, w, h} overlap (touching edges do not). */
export function boxesOverlap(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/**
 * Greedy label placement: candidates in priority order; a candidate is kept when its box, grown by `gap`
 * pixels, overlaps no kept one and no obstacle (e.g. a cluster circle). Returns the kept indexes.
 * @param {{x: number, y: number, w: number, h: number}[]} boxes
 * @param {number} [gap]
 * @param {{x: number, y: number, w: number, h: number}[]} [obstacles]
 */
export function placeLabels(boxes, gap = 2, obstacles = []) {
  return placeLabelsAt(boxes.map((box) => [box]), gap, obstacles).flatMap((at, i) => (at < 0 ? [] : [i]));
}

/**
 * Greedy label placement with several positions a label (tried in order, e.g. on its point, then above,
 * below, right, left): each label takes its first position whose box, grown by `gap` pixels, overlaps no
 * kept box and no obstacle. Returns, per label, the index of the position it took, or -1 (left out).
 * @param {{x: number, y: number, w: number, h: number}[][]} positions per label, in priority order
 */
export function placeLabelsAt(positions, gap = 2, obstacles = []) {
  const kept = [];
  return positions.map((boxes) => {
    const at = boxes.findIndex((box) => {
      const grown = { x: box.x - gap, y: box.y - gap, w: box.w + 2 * gap, h: box.h + 2 * gap };
      return !obstacles.some((o) => boxesOverlap(grown, o)) && !kept.some((k) => boxesOverlap(grown, k));
    });
    if (at >= 0) kept.push(boxes[at]);
    return at;
  });
}

/** Area-weighted centroid [lon, lat] of the largest polygon of a (Multi)Polygon; else the bbox centre. */
export function labelPoint(geometry) {
  if (!geometry) return null;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates]
    : geometry.type === 'MultiPolygon' ? geometry.coordinates : null;
  if (!polygons) return null;
  let best = null;
  for (const polygon of polygons) {
    const ring = polygon[0];
    let a = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
      const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
      a += f;
      cx += (ring[j][0] + ring[i][0]) * f;
      cy += (ring[j][1] + ring[i][1]) * f;
    }
    if (a !== 0 && (!best || Math.abs(a) > best.area)) best = { area: Math.abs(a), point: [cx / (3 * a), cy / (3 * a)] };
  }
  return best ? best.point : null;
}

// ---- Leaflet part

/** Where a feature layer stands on the map: a marker's position or the centre of its bounds. */
function anchorOf(featureLayer) {
  if (featureLayer.getLatLng) return featureLayer.getLatLng();
  return featureLayer.getBounds().getCenter();
}

/** Permanent labels in one pane; laid out again after every zoom and pan. */
const LabelLayer = Layer.extend({
  options: { pane: 'xt-labels' },

  initialize(manager) {
    this._manager = manager;
    this._nodes = [];
  },

  onAdd() {
    this._container = DomUtil.create('div', 'xt-labels');
    this.getPane().append(this._container);
    this.layout();
  },

  onRemove() {
    this._container.remove();
    this._container = null;
  },

  getEvents() {
    return { zoomend: this.layout, moveend: this.layout, viewreset: this.layout, zoomstart: this._hide };
  },

  _hide() {
    if (this._container) this._container.hidden = true;
  },

  /** Builds every candidate label in view, measures them in one layout pass and keeps those that do not collide. */
  layout() {
    if (!this._container || !this._map._loaded) return;
    const map = this._map;
    const candidates = this._manager.labelCandidates();
    const nodes = candidates.map((c) => {
      const node = DomUtil.create('div', `xt-label xt-label--${c.layerId}`);
      const text = DomUtil.create('span', 'xt-label__text', node);
      text.textContent = c.text;
      node.dataset.layerId = c.layerId;
      DomUtil.setPosition(node, map.latLngToLayerPoint(c.latlng));
      return { node, text, candidate: c };
    });
    this._container.replaceChildren(...nodes.map((n) => n.node));
    this._container.hidden = false;
    const boxes = nodes.map(({ text, candidate }) => {
      const p = map.latLngToContainerPoint(candidate.latlng);
      const w = text.offsetWidth;
      const h = text.offsetHeight;
      return { x: p.x - w / 2, y: p.y - h / 2, w, h };
    });
    const origin = map.getContainer().getBoundingClientRect();
    // Labels keep clear of the cluster circles and of the map's own panels (a half-covered name helps nobody).
    const panels = [...map.getContainer().querySelectorAll('.leaflet-control')];
    const obstacles = [...this._manager.clusterNodes(), ...panels].map((node) => {
      const r = node.getBoundingClientRect();
      return { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
    });
    const kept = new Set(placeLabels(boxes, 2, obstacles));
    nodes.forEach((n, i) => {
      if (!kept.has(i)) n.node.remove();
    });
    this._nodes = nodes.filter((n, i) => kept.has(i));
  },

  /** The labels on the map now: [{layerId, text}]. */
  shown() {
    return this._nodes.map((n) => ({ layerId: n.candidate.layerId, text: n.candidate.text }));
  },
});

/**
 * Applies the catalogue's scale rules to Leaflet GeoJSON layers: `attach` each layer once (its features are
 * taken as they are then), and the manager adds and removes features, cluster circles and labels at every zoom.
 * The layer itself stays on the map (the switcher's box stays checked); what it draws depends on the zoom.
 */
export class ScaleManager {
  /**
   * @param {import('leaflet').Map} map
   * @param {{labelPane?: string, labelZ?: number, clusterTitle?: (count: number) => string}} [options]
   *   Cluster circles of every layer share one pane just below the labels, above every layer's shapes.
   */
  constructor(map, { labelPane = 'xt-labels', labelZ = 585, clusterTitle = (n) => String(n) } = {}) {
    this._map = map;
    this._entries = [];
    this._clusterTitle = clusterTitle;
    this._clusterPane = `${labelPane}-clusters`;
    if (!map.getPane(this._clusterPane)) {
      const pane = map.createPane(this._clusterPane);
      pane.style.zIndex = String(labelZ - 1);
      pane.classList.add('xt-layer-pane', 'xt-clusters-pane');
    }
    if (!map.getPane(labelPane)) {
      const pane = map.createPane(labelPane);
      pane.style.zIndex = String(labelZ);
      pane.classList.add('xt-labels-pane');
    }
    this._labels = new LabelLayer(this);
    this._labels.options.pane = labelPane;
    this._labels.addTo(map);
    this._groups = new Set();
    map.on('zoomend', this.refresh, this);
    // A layer turned on or off in the switcher: its labels come and go with it.
    map.on('layeradd layerremove', (event) => {
      if (this._groups.has(event.layer)) this._labels.layout();
    });
  }

  /**
   * Puts a layer under its catalogue scale rule.
   * @param {object} def catalogue layer (def.scale may be absent: then everything draws)
   * @param {import('leaflet').GeoJSON} layer
   * @returns {object} the entry, whose `members` are all the feature layers
   */
  attach(def, layer) {
    const old = this._entries.findIndex((e) => e.def.id === def.id);
    if (old >= 0) this._entries.splice(old, 1);
    const members = layer.getLayers();
    const entry = { def, layer, members, clusters: [], drawn: new Set(members), pane: layer.options.pane };
    this._entries.push(entry);
    this._groups.add(layer);
    this._apply(entry);
    this._labels.layout();
    return entry;
  }

  /** The feature layers of a layer (drawn or not). */
  members(layerId) {
    return this._entries.find((e) => e.def.id === layerId)?.members ?? [];
  }

  /** What a layer draws now: {features, clusters} (features drawn one by one, numbered circles). */
  drawn(layerId) {
    const entry = this._entries.find((e) => e.def.id === layerId);
    if (!entry) return { features: 0, clusters: 0 };
    return { features: entry.drawn.size, clusters: entry.clusters.length };
  }

  /** The icons of the cluster circles on the map (labels keep clear of them). */
  clusterNodes() {
    const map = this._map;
    return this._entries.filter((e) => map.hasLayer(e.layer))
      .flatMap((e) => e.clusters.map((c) => c.getElement()).filter(Boolean));
  }

  /** The labels shown: [{layerId, text}]. */
  labels() {
    return this._labels.shown();
  }

  refresh() {
    for (const entry of this._entries) this._apply(entry);
  }

  /** Lays out the labels again (after a language switch, or a layer turned on or off). */
  relabel() {
    this._labels.layout();
  }

  labelCandidates() {
    const map = this._map;
    const zoom = map.getZoom();
    const view = map.getBounds();
    const out = [];
    for (const entry of this._entries) {
      const { def, layer } = entry;
      const labels = def.scale && def.scale.labels;
      if (!labels || !def.labelField || !map.hasLayer(layer) || !inZoomRange(labels, zoom)) continue;
      for (const member of entry.members) {
        const feature = member.feature;
        const props = feature && feature.properties;
        // English shows the place's pinyin where the data has it (towns, villages), Chinese the name
        const text = props ? (getLang() === 'en' && props.pinyin ? props.pinyin : props[def.labelField]) : null;
        if (text === null || text === undefined || text === '' || !entry.drawn.has(member)) continue;
        const point = labelPoint(feature.geometry);
        const at = point ? latLng(point[1], point[0]) : anchorOf(member);
        if (!view.contains(at)) continue;
        const b = member.getBounds ? member.getBounds() : null;
        const size = b ? Math.abs((b.getEast() - b.getWest()) * (b.getNorth() - b.getSouth())) : 0;
        out.push({ layerId: def.id, text: String(text), latlng: at, priority: labels.priority ?? 0, size });
      }
    }
    return out.sort((a, b) => b.priority - a.priority || b.size - a.size || a.text.localeCompare(b.text));
  }

  _apply(entry) {
    if (!this._map._loaded) return; // no view yet: the first zoomend applies the rules
    const { def, layer, members } = entry;
    const zoom = this._map.getZoom();
    const scale = def.scale;
    for (const c of entry.clusters) layer.removeLayer(c);
    entry.clusters = [];
    const wanted = members.filter((m) => featureDrawsAt(scale, m.feature && m.feature.properties, zoom));
    let draw = new Set(wanted);
    if (clustersAt(scale, zoom) && wanted.length > 1) {
      const points = wanted.map((m) => this._map.project(anchorOf(m), zoom));
      const groups = greedyClusters(points, scale.thin.radius);
      draw = new Set();
      for (const group of groups) {
        if (group.length === 1) {
          draw.add(wanted[group[0]]);
          continue;
        }
        const items = group.map((i) => wanted[i]);
        entry.clusters.push(this._cluster(entry, items));
      }
    }
    for (const m of members) {
      const has = layer.hasLayer(m);
      if (draw.has(m) && !has) layer.addLayer(m);
      else if (!draw.has(m) && has) layer.removeLayer(m);
    }
    for (const c of entry.clusters) layer.addLayer(c);
    entry.drawn = draw;
  }

  _cluster(entry, items) {
    const bounds = latLngBounds(items.map(anchorOf));
    const count = items.length;
    const color = entry.def.style?.color ?? '#495057';
    const size = count < 10 ? 26 : count < 100 ? 32 : 38;
    const badge = document.createElement('span');
    badge.className = 'xt-cluster__count';
    badge.textContent = String(count);
    badge.style.borderColor = color;
    const icon = divIcon({ className: 'xt-cluster', html: badge, iconSize: [size, size] });
    const m = marker(bounds.getCenter(), {
      icon, pane: this._clusterPane, title: this._clusterTitle(count, entry.def), alt: String(count), riseOnHover: true,
      zIndexOffset: 100000, // above the layer's own shapes wherever it sits on screen
    });
    m.clusterOf = entry.def.id;
    m.on('add', () => m.getElement()?.setAttribute('data-layer-id', entry.def.id));
    m.clusterSize = count;
    m.on('click', (event) => {
      if (event.originalEvent) DomEvent.stop(event.originalEvent);
      const until = entry.def.scale.thin.untilZoom;
      // close enough for the points to part, but not all the way in for two points on one spot
      const target = Math.max(until, Math.min(this._map.getBoundsZoom(bounds.pad(0.2)), until + 1.5));
      this._map.setView(bounds.getCenter(), Math.min(target, this._map.getMaxZoom()));
    });
    return m;
  }
}

// The catalogue's layers on the planners' map: one pane per layer (order = z-index, opacity = the pane's),
// features drawn with the catalogue's styles, popups built as text (never HTML from data), filters.

import { geoJSON, circleMarker } from 'leaflet';
import { pathOptions, pointRadius, byOrder, isSpatial } from '../map/style.js';
import { popupContent, registerCodeNames } from '../map/feature-layer.js';
import { ScaleManager } from '../map/scale.js';
import { getLang, pick, t } from '../core/i18n.js';
import { getItems } from '../core/api.js';
import { splitFilter } from './filters.js';

const PANE_BASE_Z = 401;
const PAGE = 'planner';

function textTooltip(text) {
  const node = document.createElement('span');
  node.textContent = String(text);
  return node;
}

/** Keeps the catalogue's layers on the map, in an order the planner may change. */
export class MapLayers {
  /**
   * @param {import('leaflet').Map} map
   * @param {object} catalog the catalogue as /api/catalog gives it to the signed-in role
   * @param {{decoratePopup?: (def: object, feature: object, root: HTMLElement) => void}} [options]
   */
  constructor(map, catalog, { decoratePopup = null } = {}) {
    this._map = map;
    this._decorate = decoratePopup;
    // Every layer is listed; the catalogue's `pages.planner` says which are on at start (not all ten).
    const defs = byOrder(catalog.layers.filter((l) => isSpatial(l)));
    // Top of the list is drawn on top: the catalogue's order is bottom first.
    this.entries = defs.reverse().map((def) => ({
      def, visible: Boolean(def.pages?.[PAGE]), opacity: 1, filter: null,
      layer: null, total: 0, shown: 0, pane: null,
    }));
    // Each layer's zoom range, thinning and labels (the catalogue's scale rules, as on the cockpit).
    this.scale = new ScaleManager(map, {
      clusterTitle: (count, def) => t('map.cluster', { count, layer: pick(def.title, getLang()) }),
    });
  }

  /** Loads every layer (visible or not, so a toggle is instant) and draws the visible ones. */
  async load() {
    await Promise.all(this.entries.map((e) => this._reload(e)));
    this._restack();
  }

  entry(id) {
    return this.entries.find((e) => e.def.id === id) ?? null;
  }

  setVisible(id, visible) {
    const e = this.entry(id);
    e.visible = visible;
    if (visible) e.layer.addTo(this._map);
    else e.layer.remove();
  }

  setOpacity(id, opacity) {
    const e = this.entry(id);
    e.opacity = opacity;
    e.pane.style.opacity = String(opacity);
  }

  /** Moves a layer up (-1, drawn higher) or down (+1) the list. */
  move(id, step) {
    const i = this.entries.findIndex((e) => e.def.id === id);
    const j = i + step;
    if (i < 0 || j < 0 || j >= this.entries.length) return false;
    [this.entries[i], this.entries[j]] = [this.entries[j], this.entries[i]];
    this._restack();
    return true;
  }

  /** Applies a filter (see filters.js) and redraws the layer. */
  async setFilter(id, filter) {
    const e = this.entry(id);
    e.filter = filter;
    await this._reload(e);
  }

  /** Opens the popup of a feature (by layer and feature id); returns whether it was found. */
  openPopup(layerId, featureId) {
    const e = this.entry(layerId);
    const found = this.scale.members(layerId).find((l) => l.feature && l.feature.id === featureId) ?? null;
    if (!found) return false;
    if (!e.visible) this.setVisible(layerId, true);
    if (!e.layer.hasLayer(found)) {
      // Thinned or clustered at this zoom: its popup opens where it stands, the view stays as it is.
      const at = found.getLatLng ? found.getLatLng() : found.getBounds().getCenter();
      found.getPopup().setLatLng(at).openOn(this._map);
      return true;
    }
    found.openPopup(found.getBounds ? found.getBounds().getCenter() : undefined);
    return true;
  }

  /** Re-renders open popups (after a language switch). */
  refreshPopups() {
    for (const e of this.entries) {
      e.layer?.eachLayer((l) => {
        if (l.isPopupOpen && l.isPopupOpen()) l.getPopup().update();
      });
    }
  }

  /** Zooms the map to a layer's features as shown (after a filter, its matches). */
  zoomTo(id) {
    const b = this.bounds(id);
    if (b) this._map.fitBounds(b, { padding: [24, 24], maxZoom: 16 });
  }

  bounds(id) {
    const b = this.entry(id)?.layer?.getBounds();
    return b && b.isValid() ? b : null;
  }

  _restack() {
    const n = this.entries.length;
    this.entries.forEach((e, index) => {
      e.pane.style.zIndex = String(PANE_BASE_Z + (n - 1 - index));
    });
  }

  async _reload(e) {
    const { equal, keep } = splitFilter(e.filter);
    const collection = await getItems(e.def.id, { equal });
    const features = collection.features.filter((f) => f && f.geometry && keep(f.properties || {}));
    if (!e.pane) {
      e.pane = this._map.createPane(`planner-${e.def.id}`);
      e.pane.classList.add('xt-layer-pane');
    }
    if (e.layer) e.layer.remove();
    e.total = collection.numberMatched ?? collection.features.length;
    e.shown = features.length;
    e.layer = this._build(e.def, e.pane, features);
    if (!e.filter) registerCodeNames(e.def, features);
    this.scale.attach(e.def, e.layer);
    if (e.visible) e.layer.addTo(this._map);
    return e;
  }

  _build(def, pane, features) {
    const paneName = `planner-${def.id}`;
    const decorate = this._decorate;
    const layer = geoJSON(null, {
      pane: paneName,
      style: (f) => pathOptions(def, f.properties, f.geometry && f.geometry.type),
      pointToLayer: (f, latlng) => circleMarker(latlng, {
        ...pathOptions(def, f.properties, 'Point'), radius: pointRadius(def, f.properties), pane: paneName,
      }),
      onEachFeature: (feature, fl) => {
        fl.bindPopup(() => {
          const root = popupContent(def, feature, getLang());
          if (decorate) decorate(def, feature, root);
          return root;
        }, { maxWidth: 360, autoPanPadding: [24, 24], className: 'xt-popup-wrapper' });
        const label = def.labelField && feature.properties ? feature.properties[def.labelField] : null;
        if (label !== null && label !== undefined && label !== '') {
          fl.bindTooltip(() => textTooltip(label), { sticky: true, direction: 'top', className: 'xt-tooltip' });
        }
      },
    });
    layer.addData(features);
    return layer;
  }

  /** The layer's title in the current language. */
  static title(def) {
    return pick(def.title, getLang());
  }
}

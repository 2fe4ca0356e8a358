// Draws a set of already-loaded features on top of the map (e.g. the features behind a KPI) and fits to them;
// while it shows, every other layer pane is dimmed (the `xt-map--dimmed` class, base.css).

import { geoJSON, circleMarker } from 'leaflet';
import { geometryKind } from './style.js';

export const HIGHLIGHT_STYLE = {
  color: '#e8590c',
  weight: 3,
  opacity: 1,
  fillColor: '#ffd43b',
  fillOpacity: 0.85,
};

/**
 * Options: `pane` — where to draw (above the layers, non-interactive so clicks reach the map below);
 * `maxZoom` — the closest zoom when fitting to a few features; `style` — the path style (HIGHLIGHT_STYLE).
 */
export class Highlighter {
  constructor(map, { pane = 'overlayPane', maxZoom = 15, style = HIGHLIGHT_STYLE } = {}) {
    this._map = map;
    this._pane = pane;
    this._maxZoom = maxZoom;
    this._style = style;
    this._layer = null;
    const paneNode = map.getPane(pane);
    if (paneNode) paneNode.classList.add('xt-highlight-pane');
  }

  /**
   * Replaces the highlight with `features` (GeoJSON features; those without geometry are skipped).
   * @param {object[]} features
   * @param {{fit?: boolean, padding?: [number, number]}} [options]
   * @returns {number} how many features are drawn
   */
  show(features, { fit = true, padding = [24, 24] } = {}) {
    this.clear();
    const drawable = features.filter((f) => f && f.geometry);
    if (drawable.length === 0) return 0;
    const pane = this._pane;
    this._layer = geoJSON(drawable, {
      pane,
      interactive: false,
      style: (feature) => (geometryKind(feature.geometry.type) === 'line'
        ? { ...this._style, weight: 5, fill: false }
        : this._style),
      pointToLayer: (feature, latlng) => circleMarker(latlng, {
        ...this._style, radius: 9, pane, interactive: false,
      }),
    }).addTo(this._map);
    this._map.getContainer().classList.add('xt-map--dimmed');
    if (fit) this.fit({ padding });
    return drawable.length;
  }

  /** Fits the map to the highlighted features (if any). */
  fit({ padding = [24, 24] } = {}) {
    const bounds = this._layer ? this._layer.getBounds() : null;
    if (bounds && bounds.isValid()) this._map.fitBounds(bounds, { padding, maxZoom: this._maxZoom, animate: false });
  }

  clear() {
    this._map.getContainer().classList.remove('xt-map--dimmed');
    if (this._layer) this._layer.remove();
    this._layer = null;
  }

  get count() {
    return this._layer ? this._layer.getLayers().length : 0;
  }
}

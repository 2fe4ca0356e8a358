// What a what-if answer shows on the map: the proposal's reach (a circle around a works, a corridor along a
// greenway, as wide as twice the reach at the current zoom) and what it newly reaches outlined: villages for
// both what-ifs, and industry bases too for a greenway (the layers the server's answer counts). Only a
// picture of the server's answer: the counts and names of record are in the results panel.

const PANE = 'planner-drawn';
export const REACH_STYLE = { color: '#1971c2', weight: 1.5, dashArray: '6 4', fillColor: '#4dabf7', fillOpacity: 0.15 };
export const ADDED_STYLE = { color: '#f59f00', weight: 3, fillColor: '#ffd43b', fillOpacity: 0.2 };
/** Newly reached industry bases: a purple outline, which neither the bases' own fills nor the villages' use. */
export const ADDED_BASE_STYLE = { color: '#7048e8', weight: 3, fillColor: '#b197fc', fillOpacity: 0.35 };

/** The answer's sections drawn as outlines: layer id → its style and class name. */
export const OUTLINED = {
  villages: { style: ADDED_STYLE, className: 'xt-reach-added' },
  industry_bases: { style: ADDED_BASE_STYLE, className: 'xt-reach-added-base' },
};

/** Metres per screen pixel at a latitude and zoom (Web Mercator). */
function metresPerPixel(map, lat) {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (256 * 2 ** map.getZoom());
}

export class ReachLayer {
  /**
   * @param {object} L Leaflet
   * @param {import('leaflet').Map} map
   * @param {(layerId: string) => Array<{feature: object}>} features a layer's features (GeoJSON), drawn or not
   */
  constructor(L, map, features) {
    this._L = L;
    this._map = map;
    this._features = features;
    this.group = L.featureGroup().addTo(map);
    this._corridor = null;
    this.shown = { reach: false, added: [], addedBases: [] };
    map.on('zoomend', () => this._fitCorridor());
  }

  clear() {
    this.group.clearLayers();
    this._corridor = null;
    this.shown = { reach: false, added: [], addedBases: [] };
  }

  /**
   * Shows a what-if answer for the proposal geometry (GeoJSON Point or LineString).
   * @param {object} geometry
   * @param {{reach: number, villages?: {added_ids: string[]}, industry_bases?: {added_ids: string[]}}} answer
   */
  show(geometry, answer) {
    const L = this._L;
    this.clear();
    if (geometry.type === 'Point') {
      const [x, y] = geometry.coordinates;
      this.group.addLayer(L.circle([y, x], {
        ...REACH_STYLE, radius: answer.reach, pane: PANE, interactive: false, className: 'xt-reach-zone',
      }));
    } else if (geometry.type === 'LineString') {
      const latlngs = geometry.coordinates.map(([x, y]) => [y, x]);
      this._corridor = L.polyline(latlngs, {
        color: '#1c7ed6', opacity: 0.28, lineCap: 'round', lineJoin: 'round', pane: PANE, interactive: false,
        className: 'xt-reach-zone',
      });
      this._corridor.reach = answer.reach;
      this.group.addLayer(this._corridor);
      this._fitCorridor();
    }
    const villages = this._outline('villages', answer);
    const bases = this._outline('industry_bases', answer);
    this._corridor?.bringToFront(); // the reach above the outlines, which it crosses
    this.shown = { reach: true, added: villages, addedBases: bases };
  }

  /** Outlines the features of a layer the answer newly reaches; returns their ids in the layer's order. */
  _outline(layerId, answer) {
    const added = new Set(answer[layerId]?.added_ids ?? []);
    const shown = [];
    if (added.size === 0) return shown;
    const { style, className } = OUTLINED[layerId];
    for (const { feature } of this._features(layerId)) {
      if (!feature || !added.has(feature.id)) continue;
      this.group.addLayer(this._L.geoJSON(feature, {
        style: () => ({ ...style, pane: PANE, className }), interactive: false,
      }));
      shown.push(feature.id);
    }
    return shown;
  }

  _fitCorridor() {
    const c = this._corridor;
    if (!c) return;
    const lat = c.getBounds().getCenter().lat;
    c.setStyle({ weight: Math.max(2, (2 * c.reach) / metresPerPixel(this._map, lat)) });
  }
}

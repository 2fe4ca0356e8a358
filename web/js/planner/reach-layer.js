// What a what-if answer shows on the map: the proposal's reach (a circle around a works, a corridor along a
// greenway, as wide as twice the reach at the current zoom) and the newly reached villages outlined. Only a
// picture of the server's answer: the counts and names of record are in the results panel.

const PANE = 'planner-drawn';
export const REACH_STYLE = { color: '#1971c2', weight: 1.5, dashArray: '6 4', fillColor: '#4dabf7', fillOpacity: 0.15 };
export const ADDED_STYLE = { color: '#f59f00', weight: 3, fillColor: '#ffd43b', fillOpacity: 0.2 };

/** Metres per screen pixel at a latitude and zoom (Web Mercator). */
function metresPerPixel(map, lat) {
  return (40075016.686 * Math.cos((lat * Math.PI) / 180)) / (256 * 2 ** map.getZoom());
}

export class ReachLayer {
  /**
   * @param {object} L Leaflet
   * @param {import('leaflet').Map} map
   * @param {() => Array<{feature: object, layer: object}>} villages the villages layer's features (GeoJSON + Leaflet layer)
   */
  constructor(L, map, villages) {
    this._L = L;
    this._map = map;
    this._villages = villages;
    this.group = L.featureGroup().addTo(map);
    this._corridor = null;
    this.shown = { reach: false, added: [] };
    map.on('zoomend', () => this._fitCorridor());
  }

  clear() {
    this.group.clearLayers();
    this._corridor = null;
    this.shown = { reach: false, added: [] };
  }

  /**
   * Shows a what-if answer for the proposal geometry (GeoJSON Point or LineString).
   * @param {object} geometry
   * @param {{reach: number, villages?: {added_ids: string[]}}} answer
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
    const added = new Set(answer.villages?.added_ids ?? []);
    const shown = [];
    for (const { feature } of this._villages()) {
      if (!added.has(feature.id)) continue;
      const outline = L.geoJSON(feature, {
        style: () => ({ ...ADDED_STYLE, pane: PANE, className: 'xt-reach-added' }), interactive: false,
      });
      this.group.addLayer(outline);
      shown.push(feature.id);
    }
    this._corridor?.bringToFront(); // the reach above the outlines, which it crosses
    this.shown = { reach: true, added: shown };
  }

  _fitCorridor() {
    const c = this._corridor;
    if (!c) return;
    const lat = c.getBounds().getCenter().lat;
    c.setStyle({ weight: Math.max(2, (2 * c.reach) / metresPerPixel(this._map, lat)) });
  }
}

// Drawing with Leaflet.draw's handlers (polygon, line, point as a circle marker — no marker image to fetch)
// behind the page's own buttons. Every finished shape, drawn by hand or given by the test hook, goes through
// the map's draw:created event, so both take the same path.

/** Which shapes each mode accepts. */
export const SHAPES_BY_MODE = {
  within: ['polygon', 'polyline', 'point'],
  greenway: ['polyline'],
  water_works: ['point'],
  measure: ['polygon', 'polyline'],
};

/** Drawn shapes go in their own pane above every layer pane (401…) and below markers and popups. */
const DRAWN_PANE = 'planner-drawn';
const DRAWN_Z = 620;
const SHAPE_STYLE = { color: '#c2255c', weight: 3, fillOpacity: 0.12, pane: DRAWN_PANE };

/** Owns the drawn shape (one at a time) and the active drawing handler. */
export class DrawTools {
  /**
   * @param {object} L window.L with Leaflet.draw
   * @param {import('leaflet').Map} map
   * @param {(geometry: object, shape: string) => void} onDrawn called with the GeoJSON geometry
   */
  constructor(L, map, onDrawn) {
    this._L = L;
    this._map = map;
    this._onDrawn = onDrawn;
    this._active = null;
    if (!map.getPane(DRAWN_PANE)) map.createPane(DRAWN_PANE).style.zIndex = String(DRAWN_Z);
    this.drawn = L.featureGroup().addTo(map);
    this._handlers = {
      polygon: new L.Draw.Polygon(map, { shapeOptions: SHAPE_STYLE, allowIntersection: false, showArea: false }),
      polyline: new L.Draw.Polyline(map, { shapeOptions: SHAPE_STYLE, showLength: true, metric: true }),
      point: new L.Draw.CircleMarker(map, { color: SHAPE_STYLE.color, radius: 7, pane: DRAWN_PANE }),
    };
    this._created = (event) => {
      this.drawn.clearLayers();
      this.drawn.addLayer(event.layer);
      const shape = event.layerType === 'circlemarker' || event.layerType === 'marker' ? 'point' : event.layerType;
      this._onDrawn(event.layer.toGeoJSON().geometry, shape);
    };
    map.on(L.Draw.Event.CREATED, this._created);
  }

  /** Starts drawing a shape ("polygon", "polyline" or "point"); stops any other first. */
  start(shape) {
    this.stop();
    this._active = this._handlers[shape];
    this._active.enable();
  }

  stop() {
    if (this._active) this._active.disable();
    this._active = null;
  }

  clear() {
    this.stop();
    this.drawn.clearLayers();
  }

  /**
   * Puts a GeoJSON geometry on the map as if it had been drawn (fires draw:created, as a finished drawing does).
   * @param {{type: string, coordinates: any}} geometry Point, LineString or Polygon
   */
  place(geometry) {
    const L = this._L;
    let layer;
    let layerType;
    if (geometry.type === 'Point') {
      layer = L.circleMarker([geometry.coordinates[1], geometry.coordinates[0]], { color: SHAPE_STYLE.color, radius: 7, pane: DRAWN_PANE });
      layerType = 'circlemarker';
    } else if (geometry.type === 'LineString') {
      layer = L.polyline(geometry.coordinates.map(([x, y]) => [y, x]), SHAPE_STYLE);
      layerType = 'polyline';
    } else if (geometry.type === 'Polygon') {
      layer = L.polygon(geometry.coordinates.map((ring) => ring.slice(0, -1).map(([x, y]) => [y, x])), SHAPE_STYLE);
      layerType = 'polygon';
    } else {
      throw new Error(`Cannot draw a ${geometry.type}`);
    }
    this._map.fire(L.Draw.Event.CREATED, { layer, layerType });
  }

  remove() {
    this.clear();
    this._map.off(this._L.Draw.Event.CREATED, this._created);
    this.drawn.remove();
  }
}

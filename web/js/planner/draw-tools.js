// Drawing polygons, lines and points with the mouse and keyboard, behind the page's own buttons.
//
// Decision: the page draws with its own small handler, not Leaflet.draw's. Leaflet.draw's polygon could not
// be closed with a mouse here: the shape being drawn sat in a pane above the vertex markers and covered its
// own first vertex, and its double-click zoomed the map. This handler takes every click on the map itself
// (features and the shape being drawn let clicks through while drawing), closes a polygon on a click within
// CLOSE_PX of its first vertex, on a double-click (the map's double-click zoom is off meanwhile), on Enter or
// on the page's "完成" button; Backspace takes the last vertex back and Escape cancels. While drawing it
// reports the vertices and an approximate (spherical) area and length; the figures of record come from the
// server, measured in EPSG:4544. Every finished shape, drawn by hand or given by the test hook, goes through
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
const CREATED = 'draw:created';
/** A click this close (screen pixels) to the first vertex closes the polygon. */
export const CLOSE_PX = 12;
/** A second click this close to the last vertex (the first half of a double-click) adds no vertex. */
const SAME_PX = 5;
const EARTH_RADIUS = 6378137;

/** Approximate area (m², on the sphere) of a ring of latlngs, for the figure shown while drawing. */
export function sphericalArea(latlngs) {
  if (latlngs.length < 3) return 0;
  const d2r = Math.PI / 180;
  let area = 0;
  for (let i = 0; i < latlngs.length; i++) {
    const p1 = latlngs[i];
    const p2 = latlngs[(i + 1) % latlngs.length];
    area += (p2.lng - p1.lng) * d2r * (2 + Math.sin(p1.lat * d2r) + Math.sin(p2.lat * d2r));
  }
  return Math.abs((area * EARTH_RADIUS * EARTH_RADIUS) / 2);
}

/** Owns the drawn shape (one at a time) and the drawing in progress. */
export class DrawTools {
  /**
   * @param {object} L window.L (Leaflet)
   * @param {import('leaflet').Map} map
   * @param {(geometry: object, shape: string) => void} onDrawn called with the GeoJSON geometry
   * @param {{onProgress?: (p: {shape: string, vertices: number, area_m2: number, length_m: number,
   *   canFinish: boolean}|null) => void}} [options] told while drawing (null when drawing stops)
   */
  constructor(L, map, onDrawn, { onProgress = () => {} } = {}) {
    this._L = L;
    this._map = map;
    this._onDrawn = onDrawn;
    this._onProgress = onProgress;
    this._shape = null;
    this._points = [];
    this._cursor = null;
    if (!map.getPane(DRAWN_PANE)) map.createPane(DRAWN_PANE).style.zIndex = String(DRAWN_Z);
    this.drawn = L.featureGroup().addTo(map);
    this._sketch = L.featureGroup().addTo(map);
    this._created = (event) => {
      this.drawn.clearLayers();
      this.drawn.addLayer(event.layer);
      const shape = event.layerType === 'circlemarker' || event.layerType === 'marker' ? 'point' : event.layerType;
      this._onDrawn(event.layer.toGeoJSON().geometry, shape);
    };
    map.on(CREATED, this._created);
    this._click = (e) => this._onClick(e);
    this._dblclick = (e) => this._onDblClick(e);
    this._move = (e) => this._onMove(e);
    this._key = (e) => this._onKey(e);
  }

  /** The shape being drawn ("polygon", "polyline", "point") or null. */
  get drawing() {
    return this._shape;
  }

  /** Starts drawing a shape ("polygon", "polyline" or "point"); stops any other first. */
  start(shape) {
    this.stop();
    this._shape = shape;
    this._points = [];
    const map = this._map;
    this._zoomWasOn = map.doubleClickZoom.enabled();
    map.doubleClickZoom.disable();
    map.getContainer().classList.add('xt-drawing');
    map.on('click', this._click);
    map.on('dblclick', this._dblclick);
    map.on('mousemove', this._move);
    document.addEventListener('keydown', this._key);
    this._report();
  }

  /** Stops drawing without a shape. */
  stop() {
    if (!this._shape) return;
    const map = this._map;
    this._shape = null;
    this._points = [];
    this._cursor = null;
    this._sketch.clearLayers();
    map.off('click', this._click);
    map.off('dblclick', this._dblclick);
    map.off('mousemove', this._move);
    document.removeEventListener('keydown', this._key);
    map.getContainer().classList.remove('xt-drawing');
    // the dblclick that finished a shape is still being dispatched: turn the zoom back on after it
    if (this._zoomWasOn) setTimeout(() => map.doubleClickZoom.enable(), 350);
    this._onProgress(null);
  }

  /** Finishes the shape being drawn, if it has enough vertices; returns whether it did. */
  finish() {
    const shape = this._shape;
    const need = shape === 'polygon' ? 3 : 2;
    if (!shape || shape === 'point' || this._points.length < need) return false;
    const points = this._points.slice();
    this.stop();
    const L = this._L;
    const layer = shape === 'polygon' ? L.polygon(points, SHAPE_STYLE) : L.polyline(points, SHAPE_STYLE);
    this._map.fire(CREATED, { layer, layerType: shape });
    return true;
  }

  /** Takes the last vertex back. */
  undo() {
    if (!this._shape || this._points.length === 0) return;
    this._points.pop();
    this._redraw();
  }

  clear() {
    this.stop();
    this.drawn.clearLayers();
  }

  _onClick(e) {
    const L = this._L;
    if (this._shape === 'point') {
      this.stop();
      const layer = L.circleMarker(e.latlng, { color: SHAPE_STYLE.color, radius: 7, pane: DRAWN_PANE });
      this._map.fire(CREATED, { layer, layerType: 'circlemarker' });
      return;
    }
    const at = this._map.latLngToContainerPoint(e.latlng);
    const first = this._points[0];
    if (this._shape === 'polygon' && this._points.length >= 3
      && at.distanceTo(this._map.latLngToContainerPoint(first)) <= CLOSE_PX) {
      this.finish();
      return;
    }
    const last = this._points[this._points.length - 1];
    if (last && at.distanceTo(this._map.latLngToContainerPoint(last)) <= SAME_PX) return; // half a double-click
    this._points.push(e.latlng);
    this._redraw();
  }

  _onDblClick(e) {
    if (e.originalEvent) stopEvent(e.originalEvent);
    this.finish();
  }

  _onMove(e) {
    this._cursor = e.latlng;
    this._redrawGuide();
  }

  _onKey(e) {
    const target = e.target;
    if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
    if (e.key === 'Enter') {
      if (this.finish()) e.preventDefault();
    } else if (e.key === 'Escape') {
      this.stop();
    } else if (e.key === 'Backspace') {
      e.preventDefault();
      this.undo();
    }
  }

  _redraw() {
    const L = this._L;
    this._sketch.clearLayers();
    this._guide = null;
    const pts = this._points;
    if (pts.length >= 2) {
      const line = this._shape === 'polygon' && pts.length >= 3 ? L.polygon(pts, { ...SHAPE_STYLE, dashArray: '6 4' })
        : L.polyline(pts, SHAPE_STYLE);
      line.options.interactive = false;
      this._sketch.addLayer(line);
    }
    pts.forEach((p, i) => {
      const closes = i === 0 && this._shape === 'polygon' && pts.length >= 3;
      const marker = L.circleMarker(p, {
        pane: DRAWN_PANE, interactive: false, radius: closes ? 8 : 5, weight: 2, color: SHAPE_STYLE.color,
        fillColor: closes ? '#ffd43b' : '#fff', fillOpacity: 1, className: closes ? 'xt-draw-first' : 'xt-draw-vertex',
      });
      this._sketch.addLayer(marker);
    });
    this._redrawGuide();
    this._report();
  }

  _redrawGuide() {
    const L = this._L;
    if (this._guide) this._sketch.removeLayer(this._guide);
    this._guide = null;
    const pts = this._points;
    if (!this._cursor || pts.length === 0) return;
    const tail = [pts[pts.length - 1], this._cursor];
    if (this._shape === 'polygon' && pts.length >= 2) tail.push(pts[0]);
    this._guide = L.polyline(tail, { ...SHAPE_STYLE, weight: 2, dashArray: '4 6', interactive: false });
    this._sketch.addLayer(this._guide);
  }

  _report() {
    const pts = this._points;
    let length = 0;
    for (let i = 1; i < pts.length; i++) length += this._map.distance(pts[i - 1], pts[i]);
    const polygon = this._shape === 'polygon';
    if (polygon && pts.length >= 3) length += this._map.distance(pts[pts.length - 1], pts[0]);
    this._onProgress({
      shape: this._shape,
      vertices: pts.length,
      area_m2: polygon ? sphericalArea(pts) : 0,
      length_m: length,
      canFinish: pts.length >= (polygon ? 3 : 2),
    });
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
    this._map.fire(CREATED, { layer, layerType });
  }

  remove() {
    this.clear();
    this._map.off(CREATED, this._created);
    this.drawn.remove();
    this._sketch.remove();
  }
}

function stopEvent(event) {
  event.preventDefault();
  event.stopPropagation();
}

// Bridge for the one classic plugin: Leaflet.draw 1.0.2 (UMD, from its WebJar) expects a global, writable `L`.
//
// Decision: the page keeps the ESM Leaflet of the import map (the same copy web/js/map/* imports), copies its
// namespace into a plain object as window.L (a module namespace object cannot be extended, and Leaflet.draw
// adds L.Draw, L.drawLocal, L.GeometryUtil, …), then loads leaflet.draw.js as a classic script. Loading
// Leaflet's UMD build as well would give two Leaflets whose classes do not mix; and loading the plugin as a
// module would make it strict, where its undeclared `type` assignment in readableArea throws.
// Leaflet.draw extends the shared classes (L.Map, L.Marker, L.Polyline), so its handlers work on our map.

import * as leaflet from 'leaflet';

const DRAW_SRC = '/webjars/leaflet-draw/1.0.2/dist/leaflet.draw.js';

let loading = null;

/** Resolves to window.L with Leaflet.draw loaded (once per page). */
export function loadLeafletDraw() {
  if (loading) return loading;
  window.L = { ...leaflet };
  loading = new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = DRAW_SRC;
    script.onload = () => (window.L.Draw ? resolve(window.L) : reject(new Error('Leaflet.draw did not load')));
    script.onerror = () => reject(new Error(`Cannot load ${DRAW_SRC}`));
    document.head.append(script);
  });
  return loading;
}

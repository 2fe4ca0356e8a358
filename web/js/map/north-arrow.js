// A north arrow as a Leaflet control (Web Mercator: north is always up). Drawn with SVG, no image request.

import { Control, DomUtil } from 'leaflet';

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attributes) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** Options: `title` — the accessible name ("北" / "North"), changed with setTitle on a language switch. */
export const NorthArrow = Control.extend({
  options: { position: 'topleft', title: '北' },

  onAdd() {
    const container = DomUtil.create('div', 'xt-north leaflet-control');
    const svg = svgEl('svg', { viewBox: '0 0 30 40', role: 'img' });
    this._label = svgEl('title', {});
    svg.append(this._label);
    svg.append(svgEl('path', { d: 'M15 2 L24 30 L15 24 Z', fill: '#212529' }));
    svg.append(svgEl('path', { d: 'M15 2 L6 30 L15 24 Z', fill: '#ffffff', stroke: '#212529', 'stroke-width': 1.2 }));
    const n = svgEl('text', {
      x: 15, y: 39, 'text-anchor': 'middle', 'font-size': 10, 'font-weight': 700, fill: '#212529',
    });
    n.textContent = 'N';
    svg.append(n);
    container.append(svg);
    this._container = container;
    this.setTitle(this.options.title);
    return container;
  },

  setTitle(title) {
    this.options.title = title;
    if (this._label) this._label.textContent = title;
    if (this._container) this._container.setAttribute('aria-label', title);
    return this;
  },
});

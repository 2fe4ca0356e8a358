// Legend of the layers currently on the map, as a Leaflet control (classes per layer, or one swatch).

import { Control, DomUtil, DomEvent, stamp } from 'leaflet';
import { legendEntries } from './style.js';
import { pick, t } from '../core/i18n.js';
import { buildPanel, setPanelCollapsed } from './panel.js';
import { inZoomRange } from './scale.js';

const SVG_NS = 'http://www.w3.org/2000/svg';

function svgEl(tag, attrs) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  return node;
}

/**
 * A small inline SVG sample of a legend entry (polygon: box, line: stroke, point: circle).
 * Inline, so nothing is fetched.
 * @param {{kind: string, style: object, radius: number}} entry from style.legendEntries
 * @returns {SVGSVGElement}
 */
export function swatch(entry) {
  const { kind, style } = entry;
  const svg = svgEl('svg', {
    class: 'xt-swatch', width: 22, height: 16, viewBox: '0 0 22 16', 'aria-hidden': 'true', focusable: 'false',
  });
  const stroke = {
    stroke: style.stroke === false ? 'none' : style.color,
    'stroke-width': Math.min(Number(style.weight ?? 1), 4),
    'stroke-opacity': style.opacity ?? 1,
    'stroke-dasharray': style.dashArray,
  };
  const fill = {
    fill: style.fill === false ? 'none' : style.fillColor ?? style.color,
    'fill-opacity': style.fillOpacity ?? 0.2,
  };
  if (kind === 'line') {
    svg.append(svgEl('path', { d: 'M1 11 L8 5 L14 10 L21 4', fill: 'none', ...stroke, 'stroke-linecap': 'round' }));
  } else if (kind === 'point') {
    svg.append(svgEl('circle', { cx: 11, cy: 8, r: Math.max(2, Math.min(entry.radius ?? 6, 7)), ...fill, ...stroke }));
  } else {
    svg.append(svgEl('rect', { x: 2, y: 2, width: 18, height: 12, rx: 1.5, ...fill, ...stroke }));
  }
  return svg;
}

/**
 * Options: `entries` — [{def, layer}] (catalogue layer + its Leaflet layer); `lang` — 'zh' | 'en';
 * `collapsed` — start folded (small screens). Only layers on the map are listed, top layer (highest order) first.
 */
export const LegendControl = Control.extend({
  options: {
    position: 'bottomleft',
    entries: [],
    lang: 'zh',
    collapsed: false,
  },

  onAdd(map) {
    const panel = buildPanel('xt-legend', `xt-legend-${stamp(this)}`);
    panel.body.classList.add('xt-legend__body');
    this._panel = panel;
    this._tracked = new Set(this.options.entries.map((entry) => entry.layer));

    DomEvent.disableClickPropagation(panel.container);
    DomEvent.disableScrollPropagation(panel.container);
    DomEvent.on(panel.toggle, 'click', this._onToggle, this);
    map.on('layeradd layerremove', this._onLayerChange, this);
    map.on('zoomend', this._render, this);

    this._render();
    return panel.container;
  },

  onRemove(map) {
    map.off('layeradd layerremove', this._onLayerChange, this);
    map.off('zoomend', this._render, this);
    DomEvent.off(this._panel.toggle, 'click', this._onToggle, this);
    this._tracked = null;
    this._panel = null;
  },

  /** Re-renders every label in `lang`. */
  setLang(lang) {
    this.options.lang = lang;
    if (this._map) this._render();
    return this;
  },

  /** Shows or hides the legend body. */
  setCollapsed(collapsed) {
    this.options.collapsed = Boolean(collapsed);
    if (this._map) this._applyCollapsed();
    return this;
  },

  _onToggle() {
    this.setCollapsed(!this.options.collapsed);
  },

  _onLayerChange(event) {
    // Fires for every feature too; only the catalogue layers themselves matter.
    if (this._tracked && this._tracked.has(event.layer)) this._render();
  },

  _applyCollapsed() {
    const { collapsed, lang } = this.options;
    setPanelCollapsed(this._panel, collapsed, t(collapsed ? 'legend.show' : 'legend.hide', {}, lang));
  },

  /** The layers that draw now: on the map and in their zoom range (the catalogue's scale rule). */
  _visibleEntries() {
    const zoom = this._map.getZoom();
    return this.options.entries
      .filter((entry) => this._map.hasLayer(entry.layer) && inZoomRange(entry.def.scale, zoom))
      .sort((a, b) => (b.def.order ?? 0) - (a.def.order ?? 0));
  },

  _render() {
    const { lang } = this.options;
    this._panel.title.textContent = t('legend.title', {}, lang);
    this._applyCollapsed();
    const body = this._panel.body;
    const visible = this._visibleEntries();
    if (visible.length === 0) {
      const empty = DomUtil.create('p', 'xt-legend__empty');
      empty.textContent = t('legend.empty', {}, lang);
      body.replaceChildren(empty);
      return;
    }
    const list = DomUtil.create('ul', 'xt-legend__layers');
    for (const { def } of visible) {
      const item = DomUtil.create('li', 'xt-legend__layer', list);
      item.dataset.layerId = def.id;
      const rows = legendEntries(def);
      if (def.legend && rows.length > 0) {
        DomUtil.create('span', 'xt-legend__layer-title', item).textContent = pick(def.title, lang);
        const classes = DomUtil.create('ul', 'xt-legend__classes', item);
        for (const row of rows) appendRow(DomUtil.create('li', '', classes), row, pick(row.title, lang));
      } else {
        appendRow(item, rows[0], pick(def.title, lang));
      }
    }
    body.replaceChildren(list);
  },
});

function appendRow(node, entry, text) {
  node.classList.add('xt-legend__row');
  node.append(swatch(entry));
  DomUtil.create('span', 'xt-legend__label', node).textContent = text;
}

/** Factory in Leaflet's style: `legendControl({entries, lang}).addTo(map)`. */
export function legendControl(options) {
  return new LegendControl(options);
}

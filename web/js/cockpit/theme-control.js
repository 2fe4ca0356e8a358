// Theme switch and choropleth legend for the villages, as a Leaflet control.

import { Control, DomUtil, DomEvent, stamp } from 'leaflet';
import { t } from '../core/i18n.js';
import { formatMetric, METRIC_UNITS } from '../core/format.js';
import { buildPanel, setPanelCollapsed } from '../map/panel.js';
import { swatch } from '../map/legend-control.js';

/**
 * Options: `themes` — THEMES of map/themes.js; `theme` — the selected theme id; `lang`; `collapsed`;
 * `onChange(themeId)` — called when the user picks another theme (the caller recolours the map and
 * calls setChoropleth). Markup: `section.xt-theme` › `select[name=theme]`, and
 * `.xt-theme__legend[data-theme]` › `li.xt-theme__row[data-class]` (class index, or "no-data").
 */
export const ThemeControl = Control.extend({
  options: {
    position: 'bottomright',
    themes: [],
    theme: null,
    lang: 'zh',
    collapsed: false,
    onChange: null,
  },

  onAdd() {
    const panel = buildPanel('xt-theme', `xt-theme-${stamp(this)}`);
    this._panel = panel;
    const field = DomUtil.create('label', 'xt-theme__field', panel.body);
    this._selectLabel = DomUtil.create('span', 'xt-theme__select-label xt-visually-hidden', field);
    this._select = DomUtil.create('select', 'xt-theme__select', field);
    this._select.name = 'theme';
    this._select.id = `xt-theme-${stamp(this)}-select`;
    for (const theme of this.options.themes) {
      const option = DomUtil.create('option', '', this._select);
      option.value = theme.id;
    }
    this._legend = DomUtil.create('div', 'xt-theme__legend', panel.body);
    this._legend.setAttribute('aria-live', 'polite');

    DomEvent.disableClickPropagation(panel.container);
    DomEvent.disableScrollPropagation(panel.container);
    DomEvent.on(this._select, 'change', this._onSelect, this);
    DomEvent.on(panel.toggle, 'click', this._onToggle, this);
    this._render();
    return panel.container;
  },

  onRemove() {
    DomEvent.off(this._select, 'change', this._onSelect, this);
    DomEvent.off(this._panel.toggle, 'click', this._onToggle, this);
    this._panel = null;
    this._select = null;
    this._legend = null;
  },

  /** Shows the classes of a choropleth (themes.buildChoropleth) in the legend. */
  setChoropleth(choropleth) {
    this._choropleth = choropleth;
    if (choropleth) this.options.theme = choropleth.theme.id;
    if (this._map) this._render();
    return this;
  },

  setLang(lang) {
    this.options.lang = lang;
    if (this._map) this._render();
    return this;
  },

  setCollapsed(collapsed) {
    this.options.collapsed = Boolean(collapsed);
    if (this._map) this._applyCollapsed();
    return this;
  },

  _onSelect() {
    const id = this._select.value;
    this.options.theme = id;
    if (typeof this.options.onChange === 'function') this.options.onChange(id);
  },

  _onToggle() {
    this.setCollapsed(!this.options.collapsed);
  },

  _applyCollapsed() {
    const { collapsed, lang } = this.options;
    setPanelCollapsed(this._panel, collapsed, t(collapsed ? 'theme.show' : 'theme.hide', {}, lang));
  },

  _render() {
    const { lang, theme } = this.options;
    this._panel.title.textContent = t('theme.title', {}, lang);
    this._applyCollapsed();
    this._selectLabel.textContent = t('theme.select', {}, lang);
    for (const option of this._select.options) option.textContent = t(`theme.${option.value}`, {}, lang);
    // a map coloured by another view (the relapse watch's own metric) is not one of the themes: the list is
    // hidden then rather than showing an empty choice; the legend still tells what the colours mean
    const known = [...this._select.options].some((o) => o.value === theme);
    this._select.hidden = Boolean(theme) && !known;
    if (known) this._select.value = theme;
    this._renderLegend();
  },

  _renderLegend() {
    const { lang } = this.options;
    const choropleth = this._choropleth;
    this._legend.replaceChildren();
    if (!choropleth) return;
    const { theme } = choropleth;
    this._legend.dataset.theme = theme.id;
    const unit = METRIC_UNITS[theme.kind]?.[lang] ?? '';
    const title = DomUtil.create('p', 'xt-theme__legend-title', this._legend);
    const label = t(`theme.${theme.id}`, {}, lang);
    if (!unit) title.textContent = label;
    else title.textContent = lang === 'zh' ? `${label}（${unit}）` : `${label} (${unit})`;
    const list = DomUtil.create('ul', 'xt-theme__rows', this._legend);
    const range = (cls) => {
      const lo = formatMetric(cls.min, theme.kind, lang, { unit: false });
      const hi = formatMetric(cls.max, theme.kind, lang, { unit: false });
      return lo === hi ? lo : `${lo} – ${hi}`;
    };
    for (const cls of [...choropleth.classes].reverse()) {
      this._row(list, String(cls.index), cls.color, range(cls), cls.count);
    }
    if (choropleth.noData.count > 0 || choropleth.classes.length === 0) {
      this._row(list, 'no-data', choropleth.noData.color, t('theme.noData', {}, lang), choropleth.noData.count);
    }
    const total = choropleth.classes.reduce((sum, cls) => sum + cls.count, 0) + choropleth.noData.count;
    const basis = DomUtil.create('p', 'xt-theme__basis', this._legend);
    let key = choropleth.classes.length > 1 ? 'theme.basis' : 'theme.basisOne';
    if (total === 1) key = 'theme.basisSingle'; // "1 village", not "1 villages"
    basis.textContent = t(key, { count: total }, lang);
  },

  _row(list, key, color, text, count) {
    const { lang } = this.options;
    const row = DomUtil.create('li', 'xt-theme__row', list);
    row.dataset.class = key;
    row.append(swatch({
      kind: 'polygon',
      style: {
        color: '#868e96', weight: 1, fillColor: color, fillOpacity: 1, dashArray: key === 'no-data' ? '2 2' : null,
      },
    }));
    DomUtil.create('span', 'xt-theme__range', row).textContent = text;
    DomUtil.create('span', 'xt-theme__count', row).textContent = t('theme.count', { count }, lang);
  },
});

/** Factory in Leaflet's style. */
export function themeControl(options) {
  return new ThemeControl(options);
}

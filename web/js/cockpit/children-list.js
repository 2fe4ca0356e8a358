// The next level down (towns of the district, villages of a town), laggards first under the current theme.

import { t } from '../core/i18n.js';
import { levelName } from '../core/layer-names.js';
import { formatMetric, metricDisplayValue } from '../core/format.js';
import { sortLaggardsFirst } from '../map/themes.js';

/**
 * Renders into a <section>: `h2.xt-children__title`, `p.xt-children__hint`, then
 * `ol.xt-children__list` › `li` › `button.xt-children__item[data-level][data-code]` (name, value, bar).
 * Options: `onSelect(child)` — a row was chosen. The section is hidden when there are no children.
 */
export class ChildrenList {
  constructor(section, { onSelect }) {
    this._section = section;
    this._onSelect = onSelect;
    this._children = [];
    this._title = document.createElement('h2');
    this._title.className = 'xt-side__title xt-children__title';
    this._title.id = 'children-title';
    this._hint = document.createElement('p');
    this._hint.className = 'xt-children__hint';
    this._list = document.createElement('ol');
    this._list.className = 'xt-children__list';
    section.setAttribute('aria-labelledby', this._title.id);
    section.replaceChildren(this._title, this._hint, this._list);
    this._onClick = (event) => {
      const button = event.target.closest('button.xt-children__item');
      if (!button || !section.contains(button)) return;
      const child = this._children.find((c) => c.code === button.dataset.code);
      if (child) this._onSelect(child);
    };
    section.addEventListener('click', this._onClick);
  }

  /**
   * @param {{level: string, code: string, name: string, metrics?: object}[]} children response.children
   * @param {object} theme the current theme (map/themes.js)
   * @param {'zh'|'en'} lang
   */
  render(children, theme, lang) {
    this._children = Array.isArray(children) ? children : [];
    this._section.hidden = this._children.length === 0;
    if (this._children.length === 0) {
      this._list.replaceChildren();
      return;
    }
    const level = this._children[0].level === 'village' ? 'village' : 'town';
    this._title.textContent = t('children.heading', { name: levelName(level, lang), count: this._children.length }, lang);
    this._hint.textContent = t('children.sorted', { theme: t(`theme.${theme.id}`, {}, lang) }, lang);
    const sorted = sortLaggardsFirst(this._children, theme);
    const shown = (child) => metricDisplayValue(child.metrics ? child.metrics[theme.metric] : null, theme.kind);
    const max = Math.max(0, ...sorted.map((c) => shown(c) ?? 0));
    const color = theme.palette[theme.palette.length - 2];
    const rows = sorted.map((child) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'xt-children__item';
      button.dataset.level = child.level;
      button.dataset.code = child.code;
      const value = formatMetric(child.metrics ? child.metrics[theme.metric] : null, theme.kind, lang);
      const open = t('children.open', { name: child.name }, lang);
      button.setAttribute('aria-label', lang === 'zh' ? `${open}：${value}` : `${open}: ${value}`);
      const name = document.createElement('span');
      name.className = 'xt-children__name';
      name.textContent = child.name;
      const number = document.createElement('span');
      number.className = 'xt-children__value';
      number.textContent = value;
      const bar = document.createElement('span');
      bar.className = 'xt-children__bar';
      bar.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('span');
      fill.className = 'xt-children__fill';
      const v = shown(child);
      fill.style.width = max > 0 && v !== null ? `${Math.max(0, (100 * v) / max).toFixed(1)}%` : '0';
      fill.style.background = color;
      bar.append(fill);
      button.append(name, number, bar);
      item.append(button);
      return item;
    });
    this._list.replaceChildren(...rows);
  }

  destroy() {
    this._section.removeEventListener('click', this._onClick);
  }
}

// Breadcrumb of the drill-down (scope.path of the dashboard API) with an "up one level" button.

import { t } from '../core/i18n.js';
import { levelName } from '../core/layer-names.js';

/**
 * Renders into a <nav>: `ol.xt-crumbs__list` › `li.xt-crumbs__item[data-level][data-code]`, each a
 * `button.xt-crumbs__link` except the current one (`span[aria-current=page]`), then `button.xt-crumbs__up`.
 * Options: `onSelect({level, code, name})` — a breadcrumb entry (or the parent, for "up") was chosen.
 */
export class Breadcrumb {
  constructor(nav, { onSelect }) {
    this._nav = nav;
    this._onSelect = onSelect;
    this._path = [];
    this._list = document.createElement('ol');
    this._list.className = 'xt-crumbs__list';
    this._up = document.createElement('button');
    this._up.type = 'button';
    this._up.className = 'xt-crumbs__up';
    nav.replaceChildren(this._list, this._up);
    this._onClick = (event) => {
      const button = event.target.closest('button');
      if (!button || !nav.contains(button)) return;
      if (button === this._up) {
        if (this._path.length > 1) this._onSelect(this._path[this._path.length - 2]);
        return;
      }
      const index = Number(button.dataset.index);
      if (Number.isInteger(index) && this._path[index]) this._onSelect(this._path[index]);
    };
    nav.addEventListener('click', this._onClick);
  }

  /**
   * @param {{level: string, code: string, name: string}[]} path root first
   * @param {'zh'|'en'} lang
   */
  render(path, lang) {
    this._path = Array.isArray(path) ? path : [];
    this._nav.setAttribute('aria-label', t('crumbs.label', {}, lang));
    const items = this._path.map((entry, index) => {
      const item = document.createElement('li');
      item.className = 'xt-crumbs__item';
      item.dataset.level = entry.level;
      item.dataset.code = entry.code;
      const last = index === this._path.length - 1;
      const node = document.createElement(last ? 'span' : 'button');
      node.textContent = entry.name;
      // the district's layer is its boundary; a town or village is named by its layer (the catalogue's word)
      node.title = entry.level === 'district' ? t('level.district', {}, lang) : levelName(entry.level, lang);
      if (last) {
        node.className = 'xt-crumbs__current';
        node.setAttribute('aria-current', 'page');
      } else {
        node.type = 'button';
        node.className = 'xt-crumbs__link';
        node.dataset.index = String(index);
      }
      item.append(node);
      return item;
    });
    this._list.replaceChildren(...items);
    this._up.textContent = t('crumbs.up', {}, lang);
    this._up.hidden = this._path.length < 2;
  }

  destroy() {
    this._nav.removeEventListener('click', this._onClick);
  }
}

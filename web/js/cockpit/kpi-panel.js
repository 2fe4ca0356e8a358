// KPI cards grouped by theme, from response.kpis. Each card is a button that asks for its features to be highlighted.

import { t, pick } from '../core/i18n.js';
import { formatKpi } from '../core/format.js';
import { groupName } from '../core/layer-names.js';

/** Display order of KPI groups (docs/dashboard-api.md); unknown groups follow in API order. */
export const KPI_GROUPS = ['poverty', 'water', 'industry', 'greenway', 'roads', 'projects', 'assistance'];

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Options: `onSelect(kpi | null)` — called when a card is pressed (null when the pressed card is released).
 * Markup: `<section class="xt-kpi-group" data-group>` › `<button class="xt-kpi" data-kpi-id aria-pressed>`
 * with `.xt-kpi__label`, `.xt-kpi__value` (`[data-ref=number]`, `[data-ref=unit]`) and `.xt-kpi__note`.
 */
export class KpiPanel {
  constructor(root, { onSelect = () => {} } = {}) {
    this._root = root;
    this._onSelect = onSelect;
    this._kpis = [];
    this._selected = null;
    this._shown = []; // [{id, text, number, unit}]
    this._onClick = (event) => {
      const button = event.target.closest('button.xt-kpi');
      if (!button || !this._root.contains(button)) return;
      const kpi = this._kpis.find((k) => k.id === button.dataset.kpiId) ?? null;
      const next = kpi && kpi.id !== this._selected ? kpi : null;
      this.setSelected(next ? next.id : null);
      this._onSelect(next);
    };
    root.addEventListener('click', this._onClick);
  }

  /**
   * Renders the cards of `kpis` (API order within each group) in `lang`; keeps the pressed card if it still exists.
   * @param {object[]} kpis response.kpis
   * @param {'zh'|'en'} lang
   */
  render(kpis, lang) {
    this._kpis = kpis;
    if (this._selected && !kpis.some((k) => k.id === this._selected)) this._selected = null;
    const groups = [...KPI_GROUPS];
    for (const kpi of kpis) if (!groups.includes(kpi.group)) groups.push(kpi.group);
    const sections = [];
    this._shown = [];
    for (const group of groups) {
      const members = kpis.filter((k) => k.group === group);
      if (members.length === 0) continue;
      const section = el('section', 'xt-kpi-group');
      section.dataset.group = group;
      // a group the catalogue has (water, roads…) is named by it, as in the layer list; else the cockpit's word
      const heading = el('h3', 'xt-kpi-group__title', groupName(group, lang) ?? t(`kpi.group.${group}`, {}, lang));
      if (heading.textContent === `kpi.group.${group}`) heading.textContent = group;
      heading.id = `kpi-group-${group}`;
      section.setAttribute('aria-labelledby', heading.id);
      const list = el('div', 'xt-kpi-group__cards');
      for (const kpi of members) list.append(this._card(kpi, lang));
      section.append(heading, list);
      sections.push(section);
    }
    this._root.replaceChildren(...sections);
  }

  /** Marks one card as pressed (or none). */
  setSelected(id) {
    this._selected = id;
    for (const button of this._root.querySelectorAll('button.xt-kpi')) {
      button.setAttribute('aria-pressed', String(button.dataset.kpiId === id));
    }
  }

  /** The KPI values as rendered: [{id, text, number, unit}] in card order. */
  shown() {
    return this._shown.map((entry) => ({ ...entry }));
  }

  destroy() {
    this._root.removeEventListener('click', this._onClick);
  }

  _card(kpi, lang) {
    const label = pick(kpi.label, lang) || kpi.id;
    const { number, unit, text } = formatKpi(kpi, lang);
    const button = el('button', 'xt-kpi');
    button.type = 'button';
    button.dataset.kpiId = kpi.id;
    button.dataset.layer = kpi.layer ?? '';
    button.setAttribute('aria-pressed', String(kpi.id === this._selected));
    button.setAttribute('aria-label', t('kpi.aria', { label, value: text }, lang));
    const value = el('span', 'xt-kpi__value');
    value.append(el('span', 'xt-kpi__number', number));
    value.lastChild.dataset.ref = 'number';
    if (unit) {
      const unitNode = el('span', 'xt-kpi__unit', unit);
      unitNode.dataset.ref = 'unit';
      value.append(unitNode);
    }
    button.append(el('span', 'xt-kpi__label', label), value);
    if (kpi.suppressed) {
      button.classList.add('xt-kpi--suppressed');
      button.append(el('span', 'xt-kpi__note', t('kpi.suppressed', {}, lang)));
    }
    this._shown.push({ id: kpi.id, text, number, unit });
    return button;
  }
}

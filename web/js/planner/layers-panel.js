// The layers panel: per layer a visibility checkbox, an opacity slider, up/down buttons and an attribute
// filter whose control follows the catalogue's field type. Labels are built with textContent.

import { getLang, pick, t } from '../core/i18n.js';
import { filterKind } from './filters.js';
import { legendEntries } from '../map/style.js';
import { swatch } from '../map/legend-control.js';

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'className') node.className = v;
    else node.setAttribute(k, v);
  }
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Renders the list and turns its controls into calls on a MapLayers. */
export class LayersPanel {
  /**
   * @param {HTMLElement} list the <ol> to fill
   * @param {import('./map-layers.js').MapLayers} layers
   * @param {{onError: (error: unknown) => void, places?: (field: object) => Array<{value: string, label: string}>|null,
   *   valueTitle?: (layerId: string, field: object, value: string) => string}} options places: the named places
   *   a code field takes (a town filter offers town names, not 12-digit codes); valueTitle: an allowed value's name
   */
  constructor(list, layers, { onError, places = () => null, valueTitle = (id, f, v) => v }) {
    this._list = list;
    this._layers = layers;
    this._onError = onError;
    this._places = places;
    this._valueTitle = valueTitle;
    this._matched = new Map(); // id → message after a filter
    this._open = new Set(); // ids whose filter form is open
    this._drafts = new Map(); // id → a filter filled in the form, not applied yet
  }

  render() {
    const focused = document.activeElement?.dataset?.focusKey;
    this._list.replaceChildren(...this._layers.entries.map((e, i) => this._row(e, i)));
    if (focused) this._list.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
  }

  _row(e, index) {
    const lang = getLang();
    const id = e.def.id;
    const name = pick(e.def.title, lang);
    const li = el('li', { className: 'xt-layer', 'data-layer': id, 'data-visible': String(e.visible) });
    const head = el('div', { className: 'xt-layer__head' });
    const label = el('label', { className: 'xt-layer__name' });
    const box = el('input', { type: 'checkbox', 'data-focus-key': `${id}:show`, 'aria-label': t('layer.show', { name }) });
    box.checked = e.visible;
    box.addEventListener('change', () => {
      this._layers.setVisible(id, box.checked);
      li.dataset.visible = String(box.checked);
    });
    label.append(box, el('span', {}, name));
    const count = el('span', { className: 'xt-layer__count' }, t('layer.count', { shown: e.shown, total: e.total }));
    const up = el('button', { type: 'button', className: 'xt-icon', 'data-focus-key': `${id}:up`,
      'aria-label': t('layer.upLabel', { name }), title: t('layer.up') }, '↑');
    up.disabled = index === 0;
    up.addEventListener('click', () => {
      if (this._layers.move(id, -1)) this.render();
    });
    const down = el('button', { type: 'button', className: 'xt-icon', 'data-focus-key': `${id}:down`,
      'aria-label': t('layer.downLabel', { name }), title: t('layer.down') }, '↓');
    down.disabled = index === this._layers.entries.length - 1;
    down.addEventListener('click', () => {
      if (this._layers.move(id, 1)) this.render();
    });
    head.append(label, count, up, down);

    const opacity = el('input', { type: 'range', min: '0', max: '1', step: '0.1', className: 'xt-layer__opacity',
      'aria-label': t('layer.opacity', { name }), 'data-focus-key': `${id}:opacity` });
    opacity.value = String(e.opacity);
    opacity.addEventListener('input', () => this._layers.setOpacity(id, Number(opacity.value)));

    const details = el('details', { className: 'xt-layer__filter' });
    details.open = this._open.has(id) || Boolean(e.filter);
    details.addEventListener('toggle', () => (details.open ? this._open.add(id) : this._open.delete(id)));
    details.append(el('summary', {}, t('layer.filter')), this._filterForm(e));
    if (this._matched.has(id) && e.filter) {
      details.append(el('p', { className: 'xt-hint xt-filter__matched', role: 'status' }, this._matched.get(id)));
    }
    li.append(head, this._legend(e.def, lang), opacity, details);
    return li;
  }

  /** Opens a layer's filter form with `filter` filled in, not applied: the planner applies it (or not). */
  prefill(id, filter) {
    if (!this._layers.entry(id) || this._layers.entry(id).filter) return;
    this._drafts.set(id, filter);
    this._open.add(id);
    this.render();
  }

  /** The layer's symbols (each class of its legend, or its one symbol): the map's key, on screen and on paper. */
  _legend(def, lang) {
    const list = el('ul', { className: 'xt-layer__legend' });
    for (const entry of legendEntries(def)) {
      const item = el('li', { className: 'xt-layer__class' });
      item.append(swatch(entry), el('span', {}, pick(entry.title, lang)));
      list.append(item);
    }
    return list;
  }

  _filterForm(e) {
    const lang = getLang();
    const form = el('form', { className: 'xt-filter' });
    const fields = Array.isArray(e.def.fields) ? e.def.fields : [];
    const select = el('select', { name: 'field', 'aria-label': t('filter.field') });
    select.append(el('option', { value: '' }, t('filter.none')));
    for (const f of fields) {
      const option = el('option', { value: f.name }, pick(f.title, lang) || f.name);
      select.append(option);
    }
    const current = e.filter ?? this._drafts.get(e.def.id) ?? null;
    select.value = current?.field ?? '';
    const controls = el('div', { className: 'xt-filter__controls' });
    const fill = () => {
      const field = fields.find((f) => f.name === select.value);
      controls.replaceChildren(...(field ? this._controls(field, current?.field === field.name ? current : null, e.def.id) : []));
    };
    select.addEventListener('change', fill);
    fill();
    const apply = el('button', { type: 'submit', className: 'xt-button' }, t('filter.apply'));
    const clear = el('button', { type: 'button', className: 'xt-button' }, t('filter.clear'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const field = fields.find((f) => f.name === select.value);
      const data = Object.fromEntries(new FormData(form));
      const places = field ? this._places(field) : null;
      const filter = field ? { ...data, field: field.name, kind: places ? 'enum' : filterKind(field) } : null;
      this._apply(e.def.id, filter);
    });
    clear.addEventListener('click', () => this._apply(e.def.id, null));
    form.append(select, controls, el('div', { className: 'xt-filter__buttons' }, undefined));
    form.lastChild.append(apply, clear);
    return form;
  }

  _controls(field, current, layerId) {
    const lang = getLang();
    const places = this._places(field);
    if (places) {
      const select = el('select', { name: 'value', 'aria-label': pick(field.title, lang) });
      select.append(el('option', { value: '' }, t('filter.any')));
      for (const p of places) select.append(el('option', { value: p.value }, p.label));
      select.value = current?.value ?? '';
      return [select];
    }
    const kind = filterKind(field);
    const input = (name, type, labelKey) => {
      const label = el('label', { className: 'xt-field xt-field--inline' });
      const box = el('input', { name, type });
      if (type === 'number') box.step = 'any';
      box.value = current?.[name] ?? '';
      label.append(el('span', {}, t(labelKey)), box);
      return label;
    };
    if (kind === 'enum' || kind === 'boolean') {
      const select = el('select', { name: 'value', 'aria-label': pick(field.title, lang) });
      select.append(el('option', { value: '' }, t('filter.any')));
      const values = kind === 'boolean' ? ['true', 'false'] : field.enum;
      for (const v of values) {
        const text = kind === 'boolean' ? (v === 'true' ? (lang === 'zh' ? '是' : 'Yes') : (lang === 'zh' ? '否' : 'No'))
          : this._valueTitle(layerId, field, v);
        select.append(el('option', { value: v }, text));
      }
      select.value = current?.value ?? '';
      return [select];
    }
    if (kind === 'number') return [input('min', 'number', 'filter.min'), input('max', 'number', 'filter.max')];
    if (kind === 'date') return [input('from', 'date', 'filter.from'), input('to', 'date', 'filter.to')];
    return [input('text', 'text', 'filter.contains')];
  }

  async _apply(id, filter) {
    this._drafts.delete(id);
    try {
      await this._layers.setFilter(id, filter);
      const e = this._layers.entry(id);
      if (filter) {
        this._matched.set(id, e.shown > 0 ? t('filter.matched', { n: e.shown }) : t('filter.noMatch'));
        if (e.shown > 0) {
          if (!e.visible) this._layers.setVisible(id, true);
          this._layers.zoomTo(id);
        }
      } else {
        this._matched.delete(id);
      }
      this.render();
    } catch (error) {
      this._onError(error);
    }
  }
}

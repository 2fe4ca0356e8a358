// Finding a place: an index of towns, villages and projects (their public names and the catalogue's
// pinyin) and a combobox that searches it as one types — by Chinese name or by pinyin, with or without
// spaces, tone marks or apostrophes ("bachuan", "Ba Chuan", "巴川", "lufeng" for 侣俸 Lüfeng). The arrow keys
// move through the results, Enter opens one, Escape closes the list. No HTTP: the page hands it the
// features it has already loaded.

import { t, getLang } from './i18n.js';
import { levelName } from './layer-names.js';

const MAX_RESULTS = 8;
const KIND_ORDER = { town: 0, village: 1, project: 2 };

/** Lower case, no spaces, apostrophes or tone marks; ü and v read as u. */
export function foldPinyin(text) {
  return String(text ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/[\s'’·-]+/g, '')
    .replace(/v/g, 'u');
}

/**
 * One entry per place: {kind, code, name, pinyin, townCode, townName, townPinyin, villageCode}.
 * @param {{towns?: object[], villages?: object[], projects?: object[]}} features GeoJSON features
 */
export function buildPlaceIndex({ towns = [], villages = [], projects = [] }) {
  const townByCode = new Map();
  const villageByCode = new Map();
  const entries = [];
  for (const f of towns) {
    const p = f.properties ?? {};
    if (!p.code || !p.name) continue;
    const entry = {
      kind: 'town', code: p.code, name: p.name, pinyin: p.pinyin ?? null, townCode: p.code, street: p.kind === 'street',
    };
    townByCode.set(p.code, entry);
    entries.push(entry);
  }
  for (const f of villages) {
    const p = f.properties ?? {};
    if (!p.code || !p.name) continue;
    const town = townByCode.get(p.town_code);
    const entry = {
      kind: 'village', code: p.code, name: p.name, pinyin: p.pinyin ?? null, townCode: p.town_code ?? null,
      townName: town?.name ?? null, townPinyin: town?.pinyin ?? null, community: p.kind === 'community',
    };
    villageByCode.set(p.code, entry);
    entries.push(entry);
  }
  for (const f of projects) {
    const p = f.properties ?? {};
    if (!p.name || !p.village_code) continue;
    const village = villageByCode.get(p.village_code);
    entries.push({
      kind: 'project', code: String(f.id ?? p.name), name: p.name, pinyin: null, villageCode: p.village_code,
      townCode: p.town_code ?? village?.townCode ?? null, villageName: village?.name ?? null,
      villagePinyin: village?.pinyin ?? null, projectKind: p.kind ?? null,
    });
  }
  for (const entry of entries) {
    entry.folded = foldPinyin(entry.pinyin);
    entry.foldedVillage = foldPinyin(entry.villagePinyin);
  }
  return entries;
}

/**
 * The places matching `query`, best first: a name or pinyin that starts with it before one that contains
 * it; towns before villages before projects; at most `limit`.
 */
export function searchPlaces(index, query, limit = MAX_RESULTS) {
  const raw = String(query ?? '').trim();
  if (!raw) return [];
  const folded = foldPinyin(raw);
  const scored = [];
  for (const entry of index) {
    let score = -1;
    if (entry.name.startsWith(raw)) score = 0;
    else if (folded && entry.folded && entry.folded.startsWith(folded)) score = 0;
    else if (entry.name.includes(raw)) score = 1;
    else if (folded && entry.folded && entry.folded.includes(folded)) score = 1;
    else if (entry.kind === 'project' && folded.length >= 2 && entry.foldedVillage.startsWith(folded)) score = 2;
    if (score >= 0) scored.push([score, KIND_ORDER[entry.kind], entry]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].name.localeCompare(b[2].name, 'zh-CN'));
  return scored.slice(0, limit).map((s) => s[2]);
}

/**
 * A place's name in `lang`: in English its pinyin with the kind of place ("Anju Town", "Bachuan Subdistrict",
 * "Yanwan Village", "Tongliang District"), the Chinese name otherwise or when it has no pinyin.
 */
export function placeName(entry, lang = getLang()) {
  if (lang !== 'en' || !entry) return entry?.name ?? '';
  if (entry.kind === 'project' || !entry.pinyin) return entry.name;
  if (entry.kind === 'village') return `${entry.pinyin} ${entry.community ? 'Community' : 'Village'}`;
  if (entry.kind === 'town') return `${entry.pinyin} ${entry.street ? 'Subdistrict' : 'Town'}`;
  if (entry.kind === 'district') return `${entry.pinyin} District`;
  return entry.pinyin;
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * The search box (a WAI-ARIA combobox with a listbox). Options: `onSelect(entry)` when a result is chosen.
 * `setIndex(entries)` hands it the places once they are loaded.
 */
export class PlaceSearch {
  constructor(container, { onSelect }) {
    this._onSelect = onSelect;
    this._index = [];
    this._results = [];
    this._active = -1;
    this._root = el('div', { class: 'xt-search', id: 'place-search', role: 'search' });
    this._label = el('label', { class: 'xt-visually-hidden', for: 'search-input' });
    this._input = el('input', {
      id: 'search-input', class: 'xt-search__input', type: 'search', autocomplete: 'off', spellcheck: 'false',
      role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': 'search-results',
    });
    this._list = el('ul', { id: 'search-results', class: 'xt-search__list', role: 'listbox', hidden: '' });
    this._status = el('p', { class: 'xt-visually-hidden', id: 'search-status', 'aria-live': 'polite' });
    this._root.append(this._label, this._input, this._list, this._status);
    container.append(this._root);
    this._input.addEventListener('input', () => this._search());
    this._input.addEventListener('keydown', (event) => this._key(event));
    this._input.addEventListener('blur', () => setTimeout(() => this._close(), 150));
    this._list.addEventListener('mousedown', (event) => event.preventDefault()); // keep the focus in the box
    this._list.addEventListener('click', (event) => {
      const option = event.target.closest('[role=option]');
      if (option) this._choose(Number(option.dataset.index));
    });
    this.render();
  }

  setIndex(entries) {
    this._index = entries;
    if (this._input.value) this._search();
  }

  render() {
    const lang = getLang();
    this._label.textContent = t('search.label', {}, lang);
    this._input.placeholder = t('search.placeholder', {}, lang);
    this._root.setAttribute('aria-label', t('search.label', {}, lang));
    if (!this._list.hidden) this._renderList();
  }

  _search() {
    this._results = searchPlaces(this._index, this._input.value);
    this._active = this._results.length > 0 ? 0 : -1;
    this._renderList();
  }

  _renderList() {
    const lang = getLang();
    const query = this._input.value.trim();
    const open = query.length > 0;
    this._list.hidden = !open;
    this._input.setAttribute('aria-expanded', String(open));
    if (!open) {
      this._input.removeAttribute('aria-activedescendant');
      return;
    }
    if (this._results.length === 0) {
      this._list.replaceChildren(el('li', { class: 'xt-search__none' }, t('search.none', { query }, lang)));
      this._status.textContent = t('search.none', { query }, lang);
      this._input.removeAttribute('aria-activedescendant');
      return;
    }
    this._list.replaceChildren(...this._results.map((entry, index) => {
      const option = el('li', {
        id: `search-option-${index}`, class: 'xt-search__option', role: 'option',
        'aria-selected': String(index === this._active), 'data-index': String(index), 'data-kind': entry.kind,
        'data-code': entry.code,
      });
      option.append(el('span', { class: 'xt-search__name' }, placeName(entry, lang)));
      let where = levelName(entry.kind, lang);
      if (entry.kind === 'village' && entry.townName) {
        where += ` · ${lang === 'en' && entry.townPinyin ? entry.townPinyin : entry.townName}`;
      } else if (entry.kind === 'project' && entry.villageName) {
        where += ` · ${lang === 'en' && entry.villagePinyin ? entry.villagePinyin : entry.villageName}`;
      } else if (lang === 'en' && entry.pinyin) {
        where += ` · ${entry.name}`;
      }
      option.append(el('span', { class: 'xt-search__where' }, where));
      return option;
    }));
    if (this._active >= 0) this._input.setAttribute('aria-activedescendant', `search-option-${this._active}`);
    this._status.textContent = t('search.count', { count: this._results.length }, lang);
  }

  _key(event) {
    const n = this._results.length;
    if (event.key === 'ArrowDown' && n > 0) {
      event.preventDefault();
      this._active = (this._active + 1) % n;
      this._renderList();
    } else if (event.key === 'ArrowUp' && n > 0) {
      event.preventDefault();
      this._active = (this._active - 1 + n) % n;
      this._renderList();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (this._active >= 0) this._choose(this._active);
    } else if (event.key === 'Escape') {
      this._input.value = '';
      this._close();
    }
  }

  _choose(index) {
    const entry = this._results[index];
    if (!entry) return;
    this._input.value = placeName(entry);
    this._close();
    this._onSelect(entry);
  }

  _close() {
    this._list.hidden = true;
    this._input.setAttribute('aria-expanded', 'false');
    this._input.removeAttribute('aria-activedescendant');
  }
}

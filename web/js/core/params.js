// Every URL parameter the pages read, declared once as schemas (name → parse), and the one loop that
// parses a query string against a schema and writes state back into one. No DOM.

const CODE = /^[0-9]{6,12}$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const SCENE_ITEM = /^([a-z][a-z_]{0,31}|[0-9]{6,12})$/;

/** Maps "zh", "zh-CN", "EN", … to a supported interface language, or null. */
export function normalizeLang(value) {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (v.startsWith('zh')) return 'zh';
  if (v.startsWith('en')) return 'en';
  return null;
}

/** Read on every page (core/i18n.js): `lang` picks the interface language ("zh", "en"). */
export const LANG_PARAMS = {
  lang: { parse: normalizeLang },
};

/**
 * The cockpit's parameters. Invalid values are dropped (the page then uses the default).
 * `town` and `village` are administrative codes; `year` the income year; `asOf` a YYYY-MM-DD date.
 */
export const COCKPIT_PARAMS = {
  town: { parse: (text) => (CODE.test(text) ? text : null) },
  village: { parse: (text) => (CODE.test(text) ? text : null) },
  year: {
    parse: (text) => {
      if (!/^\d{4}$/.test(text)) return null;
      const year = Number(text);
      return year >= 1900 && year <= 2100 ? year : null;
    },
  },
  asOf: { parse: (text) => (DAY.test(text) ? text : null) },
};

/**
 * The cockpit's theme map (`theme`: a theme id of map/themes.js), kept in the address so a shared link shows
 * the same colours. Not part of the drill-down state: changing it replaces the address, no new history entry.
 */
export const THEME_PARAMS = {
  theme: { parse: (text) => (/^[a-z][a-z_]{0,31}$/.test(text) ? text : null) },
};

/**
 * The wall screen's parameters (used for setting a screen up). Invalid values are dropped (the config decides).
 * - `dwell`: seconds each scene stays (0.5–3600), overrides `dwellSeconds` of scenes.json
 * - `scenes`: comma list of scene ids from scenes.json, `towns` (every town in turn) or town codes
 * - `start`: index of the first scene (0-based; wraps around)
 * - `paused`: `1` starts paused (space resumes)
 */
export const SCREEN_PARAMS = {
  dwell: {
    parse: (text) => {
      const value = Number(text);
      return Number.isFinite(value) && value >= 0.5 && value <= 3600 ? value : null;
    },
  },
  scenes: {
    parse: (text) => {
      const items = text.split(',').map((s) => s.trim()).filter(Boolean);
      return items.length > 0 && items.length <= 200 && items.every((s) => SCENE_ITEM.test(s)) ? items : null;
    },
  },
  start: {
    parse: (text) => (/^\d{1,4}$/.test(text) ? Number(text) : null),
  },
  paused: {
    parse: (text) => (text === '1' || text === 'true' ? true : null),
  },
};

/**
 * The values of a schema's parameters in a query string: one entry per parameter, null when absent or invalid.
 * @param {string} search e.g. "?town=500151123000&year=2019"
 * @param {Record<string, {parse: (text: string) => any}>} schema
 */
export function parseParams(search, schema) {
  const params = new URLSearchParams(search);
  const out = {};
  for (const [name, spec] of Object.entries(schema)) {
    const text = params.get(name);
    out[name] = text === null ? null : spec.parse(text.trim());
  }
  return out;
}

/**
 * A query string with a schema's parameters set from `state` (null values removed); other parameters are kept.
 * @returns {string} "" or "?…"
 */
export function writeParams(state, schema, search = '') {
  const params = new URLSearchParams(search);
  for (const name of Object.keys(schema)) {
    const value = state[name];
    if (value === null || value === undefined || value === '') params.delete(name);
    else params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Whether two states agree on every parameter of a schema. */
export function sameParams(a, b, schema) {
  return Object.keys(schema).every((name) => (a[name] ?? null) === (b[name] ?? null));
}

/**
 * The cockpit state in a query string.
 * @returns {{town: string|null, village: string|null, year: number|null, asOf: string|null}}
 */
export function parseCockpitParams(search) {
  return parseParams(search, COCKPIT_PARAMS);
}

/** A query string with the cockpit state set; other parameters (e.g. lang) are kept. */
export function cockpitSearch(state, search = '') {
  return writeParams(state, COCKPIT_PARAMS, search);
}

/** Whether two cockpit states name the same view. */
export function sameCockpitState(a, b) {
  return sameParams(a, b, COCKPIT_PARAMS);
}

/**
 * The screen's set-up in a query string.
 * @returns {{dwell: number|null, scenes: string[]|null, start: number|null, paused: boolean|null}}
 */
export function parseScreenParams(search) {
  return parseParams(search, SCREEN_PARAMS);
}

// The cockpit's URL parameters, declared once: parse from and write to a query string. No DOM.

const CODE = /^[0-9]{6,12}$/;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/**
 * name → {parse(text) → value or null}. Invalid values are dropped (the page then uses the default).
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
 * The cockpit state in a query string.
 * @param {string} search e.g. "?town=500151123000&year=2019"
 * @returns {{town: string|null, village: string|null, year: number|null, asOf: string|null}}
 */
export function parseCockpitParams(search) {
  const params = new URLSearchParams(search);
  const out = {};
  for (const [name, spec] of Object.entries(COCKPIT_PARAMS)) {
    const text = params.get(name);
    out[name] = text === null ? null : spec.parse(text.trim());
  }
  return out;
}

/**
 * A query string with the cockpit state set (null values removed); other parameters (e.g. lang) are kept.
 * @param {{town?: string|null, village?: string|null, year?: number|null, asOf?: string|null}} state
 * @param {string} [search] the current query string
 * @returns {string} "" or "?…"
 */
export function cockpitSearch(state, search = '') {
  const params = new URLSearchParams(search);
  for (const name of Object.keys(COCKPIT_PARAMS)) {
    const value = state[name];
    if (value === null || value === undefined || value === '') params.delete(name);
    else params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Whether two cockpit states name the same view. */
export function sameCockpitState(a, b) {
  return Object.keys(COCKPIT_PARAMS).every((name) => (a[name] ?? null) === (b[name] ?? null));
}

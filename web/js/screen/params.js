// The screen's URL parameters, declared once (used for setting a screen up): parse a query string. No DOM.

const SCENE_ITEM = /^([a-z][a-z_]{0,31}|[0-9]{6,12})$/;

/**
 * name → {parse(text) → value or null}. Invalid values are dropped (the config then decides).
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
 * @param {string} search e.g. "?dwell=5&scenes=overview,water&start=1"
 * @returns {{dwell: number|null, scenes: string[]|null, start: number|null, paused: boolean|null}}
 */
export function parseScreenParams(search) {
  const params = new URLSearchParams(search);
  const out = {};
  for (const [name, spec] of Object.entries(SCREEN_PARAMS)) {
    const text = params.get(name);
    out[name] = text === null ? null : spec.parse(text.trim());
  }
  return out;
}

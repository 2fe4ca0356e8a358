// The choropleth themes (cockpit and wall screen) and how a village is coloured under one. Pure: no DOM, no Leaflet.

import { classify } from './classify.js';

/**
 * One theme per village metric of the dashboard API (docs/dashboard-api.md).
 * `kind` is the metric's format kind (core/format.js); `lagging` says which end is behind
 * ("low": lower is worse, "high": higher is worse), for sorting lists laggards first;
 * `palette` goes from the lowest to the highest class (5 classes, ColorBrewer sequential).
 * Labels are interface strings: `theme.<id>` in core/i18n.js.
 */
export const THEMES = [
  {
    id: 'water_coverage', metric: 'water_coverage', kind: 'ratio', lagging: 'low',
    palette: ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'],
  },
  {
    id: 'progress_pct', metric: 'progress_pct', kind: 'percent', lagging: 'low',
    palette: ['#edf8e9', '#bae4b3', '#74c476', '#31a354', '#006d2c'],
  },
  {
    id: 'income', metric: 'income', kind: 'yuanPerPerson', lagging: 'low',
    palette: ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'],
  },
  {
    id: 'poor_households', metric: 'poor_households', kind: 'households', lagging: 'high',
    palette: ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'],
  },
  {
    id: 'industry_mu', metric: 'industry_mu', kind: 'mu', lagging: 'low',
    palette: ['#feedde', '#fdbe85', '#fd8d3c', '#e6550d', '#a63603'],
  },
];

export const DEFAULT_THEME = THEMES[0].id;

/** Fill of a village with no value for the theme, and of villages outside the current scope. */
export const NO_DATA_COLOR = '#dee2e6';
export const OUTSIDE_COLOR = '#f8f9fa';

/** The theme with this id, or the default one. */
export function themeById(id) {
  return THEMES.find((theme) => theme.id === id) ?? THEMES[0];
}

/** Picks `count` colours spread over a palette (fewer classes use its ends and middle). */
export function paletteFor(palette, count) {
  if (count <= 0) return [];
  if (count >= palette.length) return palette.slice(0, count);
  if (count === 1) return [palette[Math.floor(palette.length / 2)]];
  const out = [];
  for (let i = 0; i < count; i += 1) out.push(palette[Math.round((i * (palette.length - 1)) / (count - 1))]);
  return out;
}

/**
 * Classifies the villages of a dashboard response under a theme (5 quantile classes).
 * @param {object} theme one of THEMES
 * @param {{id: string, code: string, metrics?: object}[]} villages response.villages
 * @returns {{theme: object, classes: {index: number, min: number|null, max: number|null, count: number,
 *   color: string}[], noData: {count: number, color: string}, colorById: Map<string, string>,
 *   valueById: Map<string, number|null>}}
 */
export function buildChoropleth(theme, villages) {
  const valueOf = (village) => {
    const value = village.metrics ? village.metrics[theme.metric] : null;
    return value === null || value === undefined || !Number.isFinite(Number(value)) ? null : Number(value);
  };
  const result = classify(villages, valueOf, { method: 'quantile', count: theme.palette.length });
  const colors = paletteFor(theme.palette, result.classes.length);
  const classes = result.classes.map((cls, i) => ({ ...cls, color: colors[i] }));
  const colorById = new Map();
  const valueById = new Map();
  for (const village of villages) {
    const index = result.indexOf(village);
    colorById.set(village.id, index < 0 ? NO_DATA_COLOR : colors[index]);
    valueById.set(village.id, valueOf(village));
  }
  return { theme, classes, noData: { count: result.noData, color: NO_DATA_COLOR }, colorById, valueById };
}

/**
 * Sorts children (towns or villages) laggards first under a theme; missing values last, then by name.
 * @param {{name: string, metrics?: object}[]} children
 * @param {object} theme
 * @returns {object[]} a new array
 */
export function sortLaggardsFirst(children, theme) {
  const sign = theme.lagging === 'high' ? -1 : 1;
  const value = (child) => {
    const v = child.metrics ? child.metrics[theme.metric] : null;
    return v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v);
  };
  return [...children].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null && vb === null) return String(a.name).localeCompare(String(b.name), 'zh');
    if (va === null) return 1;
    if (vb === null) return -1;
    return sign * (va - vb) || String(a.name).localeCompare(String(b.name), 'zh');
  });
}

/**
 * Leaflet path options for a village under a choropleth: coloured if in scope, faint outside.
 * @param {ReturnType<typeof buildChoropleth>|null} choropleth
 * @param {string} featureId
 */
export function villageStyle(choropleth, featureId) {
  if (!choropleth || !choropleth.colorById.has(featureId)) {
    return { color: '#ced4da', weight: 0.5, opacity: 1, fillColor: OUTSIDE_COLOR, fillOpacity: 0.5 };
  }
  const color = choropleth.colorById.get(featureId);
  const noData = choropleth.valueById.get(featureId) === null;
  return {
    color: '#ffffff',
    weight: 0.8,
    opacity: 1,
    fillColor: color,
    fillOpacity: noData ? 0.6 : 0.85,
    dashArray: null,
  };
}

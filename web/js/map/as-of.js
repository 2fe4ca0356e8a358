// A layer drawn as it stood on a chosen date: each feature's state (e.g. a project's status and progress from
// its history, as the dashboard API answers them) replaces today's in its style and popup. Features without a
// state (outside the current scope) are drawn faint.

import { pathOptions, pointRadius } from './style.js';

const FAINT = { opacity: 0.35, fillOpacity: 0.15 };

/**
 * Restyles feature layers for states by feature id.
 * @param {object} def catalogue layer
 * @param {import('leaflet').Layer[]} members the layer's feature layers (drawn or not)
 * @param {Map<string, object>|null} states feature id → properties on the date ({status, progress_pct}); null: today
 */
export function drawAsOf(def, members, states) {
  for (const member of members) {
    const feature = member.feature;
    if (!feature || !member.setStyle) continue;
    const state = states ? states.get(String(feature.id)) : null;
    const properties = state ? { ...feature.properties, ...state } : feature.properties;
    const type = feature.geometry && feature.geometry.type;
    const style = pathOptions(def, properties, type);
    member.setStyle(states && !state ? { ...style, ...FAINT } : style);
    if (member.setRadius) member.setRadius(pointRadius(def, properties));
    member.asOfState = state ?? null;
  }
}

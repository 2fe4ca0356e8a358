// A Leaflet GeoJSON layer built from one catalogue layer: styles, circle-marker points, popups, tooltips.

import { geoJSON, circleMarker } from 'leaflet';
import { pathOptions, pointRadius, geometryKind, legendClassFor } from './style.js';
import { pick, t, formatValue, formatTimestamp, htmlLang } from '../core/i18n.js';
import { formatMeasure, valueTitle } from '../core/format.js';

/** Names of features by layer and code (towns, villages), for fields that hold a code (`ref` in the catalogue). */
const codeNames = new Map();

/**
 * Remembers the names of a layer's features by their `code`, so popups show "双山镇" for 500151123000.
 * @param {object} def catalogue layer (its labelField is the name)
 * @param {object[]} features GeoJSON features
 */
export function registerCodeNames(def, features) {
  if (!def || !def.labelField) return;
  const names = codeNames.get(def.id) ?? new Map();
  for (const f of features) {
    const p = f && f.properties;
    if (p && p.code !== undefined && p.code !== null && p[def.labelField]) names.set(String(p.code), String(p[def.labelField]));
  }
  codeNames.set(def.id, names);
}

/** The name of the feature of layer `layerId` whose code is `code`, or null. */
export function nameOfCode(layerId, code) {
  return codeNames.get(layerId)?.get(String(code)) ?? null;
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A field's value as text: allowed values by their display name ("在建", not "under_way"), codes of towns and
 * villages by the name ("双山镇"), amounts, areas and lengths in readable units ("75.2万元"), else as stored.
 */
function displayValue(def, field, properties, lang) {
  const value = properties[field.name];
  if (def.legend && def.legend.field === field.name) {
    const cls = legendClassFor(def, properties);
    if (cls && cls.title) return pick(cls.title, lang);
  }
  const title = valueTitle(def, field, value, lang);
  if (title) return title;
  if (field.ref && value !== null && value !== undefined && value !== '') {
    const name = nameOfCode(field.ref, value);
    if (name) return name;
  }
  return formatMeasure(value, field, lang) ?? formatValue(value, field, lang);
}

/**
 * The popup body of a feature: heading (label field or layer title), the catalogue's fields with
 * their titles and units, and the update time. Built with textContent only (data is never HTML).
 * @param {object} def catalogue layer
 * @param {object} feature GeoJSON feature
 * @param {'zh'|'en'} lang
 * @param {{asOf?: {properties: object, note: string}|null}} [options] the feature's state on an earlier date
 *   (e.g. a project's status from its history), shown instead of today's, with a note saying so
 * @returns {HTMLElement}
 */
export function popupContent(def, feature, lang, { asOf = null } = {}) {
  const properties = { ...(feature.properties || {}), ...(asOf ? asOf.properties : {}) };
  const root = el('div', 'xt-popup');
  root.lang = htmlLang(lang);
  const label = def.labelField ? properties[def.labelField] : null;
  const hasLabel = label !== null && label !== undefined && label !== '';
  root.append(el('h3', 'xt-popup__title', hasLabel ? String(label) : pick(def.title, lang)));
  if (hasLabel) root.append(el('p', 'xt-popup__layer', pick(def.title, lang)));

  const fields = Array.isArray(def.fields) ? def.fields : [];
  if (fields.length > 0) {
    const table = el('table', 'xt-popup__fields');
    const body = el('tbody');
    for (const field of fields) {
      const row = el('tr');
      row.dataset.field = field.name;
      const name = el('th', '', pick(field.title, lang) || field.name);
      name.scope = 'row';
      const cell = el('td', '', displayValue(def, field, properties, lang));
      const raw = properties[field.name];
      if (field.ref && raw !== null && raw !== undefined) cell.title = String(raw);
      row.append(name, cell);
      body.append(row);
    }
    table.append(body);
    root.append(table);
  }
  if (asOf && asOf.note) root.append(el('p', 'xt-popup__asof', asOf.note));
  if ('updated_at' in properties) {
    root.append(el('p', 'xt-popup__updated',
      t('popup.updated', { time: formatTimestamp(properties.updated_at, lang) }, lang)));
  }
  return root;
}

/**
 * Builds the layer. Features with a null geometry are counted by the caller but not drawn.
 * @param {object} def catalogue layer (must have geometry)
 * @param {{features: object[]}} collection GeoJSON FeatureCollection
 * @param {{pane?: string, getLang: () => 'zh'|'en', asOfOf?: (feature: object) => object|null}} options
 *   asOfOf: the feature's state on the chosen date, for its popup (see popupContent)
 * @returns {import('leaflet').GeoJSON}
 */
export function createFeatureLayer(def, collection, { pane = 'overlayPane', getLang, asOfOf = () => null }) {
  const layer = geoJSON(null, {
    pane,
    style: (feature) => pathOptions(def, feature.properties, feature.geometry && feature.geometry.type),
    pointToLayer: (feature, latlng) => circleMarker(latlng, {
      ...pathOptions(def, feature.properties, 'Point'),
      radius: pointRadius(def, feature.properties),
      pane,
    }),
    onEachFeature: (feature, featureLayer) => {
      featureLayer.bindPopup(() => popupContent(def, feature, getLang(), { asOf: asOfOf(feature) }), {
        maxWidth: 320,
        autoPanPadding: [24, 24],
        className: 'xt-popup-wrapper',
      });
      const label = def.labelField && feature.properties ? feature.properties[def.labelField] : null;
      if (label !== null && label !== undefined && label !== '') {
        const isPoint = geometryKind(feature.geometry && feature.geometry.type) === 'point';
        featureLayer.bindTooltip(escapeHtml(label), {
          sticky: !isPoint,
          direction: 'top',
          offset: isPoint ? [0, -pointRadius(def, feature.properties)] : [0, -4],
          className: 'xt-tooltip',
        });
      }
    },
  });
  layer.addData(collection.features.filter((f) => f && f.geometry));
  return layer;
}

/** Re-renders any open popup of the layer (after a language switch). */
export function refreshPopups(layer) {
  layer.eachLayer((featureLayer) => {
    if (featureLayer.isPopupOpen && featureLayer.isPopupOpen()) featureLayer.getPopup().update();
  });
}

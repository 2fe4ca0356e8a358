// A Leaflet GeoJSON layer built from one catalogue layer: styles, circle-marker points, popups, tooltips.

import { geoJSON, circleMarker } from 'leaflet';
import { pathOptions, pointRadius, geometryKind, legendClassFor } from './style.js';
import { pick, t, formatValue, formatTimestamp, htmlLang } from '../core/i18n.js';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A field's value as text; the legend field shows its class title ("在建") instead of the code ("building"). */
function displayValue(def, field, properties, lang) {
  if (def.legend && def.legend.field === field.name) {
    const cls = legendClassFor(def, properties);
    if (cls && cls.title) return pick(cls.title, lang);
  }
  return formatValue(properties[field.name], field, lang);
}

/**
 * The popup body of a feature: heading (label field or layer title), the catalogue's fields with
 * their titles and units, and the update time. Built with textContent only (data is never HTML).
 * @param {object} def catalogue layer
 * @param {object} feature GeoJSON feature
 * @param {'zh'|'en'} lang
 * @returns {HTMLElement}
 */
export function popupContent(def, feature, lang) {
  const properties = feature.properties || {};
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
      const name = el('th', '', pick(field.title, lang) || field.name);
      name.scope = 'row';
      row.append(name, el('td', '', displayValue(def, field, properties, lang)));
      body.append(row);
    }
    table.append(body);
    root.append(table);
  }
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
 * @param {{pane?: string, getLang: () => 'zh'|'en'}} options
 * @returns {import('leaflet').GeoJSON}
 */
export function createFeatureLayer(def, collection, { pane = 'overlayPane', getLang }) {
  const layer = geoJSON(null, {
    pane,
    style: (feature) => pathOptions(def, feature.properties, feature.geometry && feature.geometry.type),
    pointToLayer: (feature, latlng) => circleMarker(latlng, {
      ...pathOptions(def, feature.properties, 'Point'),
      radius: pointRadius(def, feature.properties),
      pane,
    }),
    onEachFeature: (feature, featureLayer) => {
      featureLayer.bindPopup(() => popupContent(def, feature, getLang()), {
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

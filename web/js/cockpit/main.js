// Entry module of the cockpit page: catalogue → map → layers → switcher, legend, notice, test hook.

import { map as createMap, control, tileLayer } from 'leaflet';
import { getCatalog, getItems, apiEvents, NetworkError, NotFoundError, HttpError, ParseError } from '../core/api.js';
import { getLang, setLang, onLangChange, t, pick, htmlLang } from '../core/i18n.js';
import { isSpatial, byOrder } from '../map/style.js';
import { createFeatureLayer, refreshPopups } from '../map/feature-layer.js';
import { LegendControl } from '../map/legend-control.js';
import { LayerSwitcher } from '../map/layer-switcher.js';

const PAGE = 'cockpit';
/** The layer whose extent is the initial view. */
const FIT_LAYER_ID = 'district';
/** Leaflet's overlayPane is 400 and markerPane 600: one pane per layer in between keeps draw order stable. */
const PANE_BASE_Z = 401;
/** Panels start folded on phones (same breakpoint as base.css). */
const SMALL_SCREEN = '(max-width: 640px)';
const LEAFLET_CREDIT = '<a href="https://leafletjs.com">Leaflet</a>';

const dom = {
  body: document.body,
  title: document.getElementById('app-title'),
  langGroup: document.getElementById('lang-switch'),
  langButtons: [...document.querySelectorAll('#lang-switch [data-lang]')],
  notice: document.getElementById('notice'),
  noticeLabel: document.querySelector('#notice [data-ref="label"]'),
  noticeText: document.querySelector('#notice [data-ref="text"]'),
  map: document.getElementById('map'),
  status: document.getElementById('status'),
  error: document.getElementById('error'),
  errorTitle: document.querySelector('#error [data-ref="title"]'),
  errorText: document.querySelector('#error [data-ref="text"]'),
  errorReload: document.querySelector('#error [data-ref="reload"]'),
};

const state = {
  catalog: null,
  map: null,
  entries: [], // [{def, layer, featureCount, numberMatched}]
  switcher: null,
  legend: null,
  zoom: null,
  error: null,
};

function errorMessage(error, lang) {
  const detail = error?.problem?.detail || error?.problem?.title || error?.message || '';
  if (error instanceof NetworkError) return t('error.network', {}, lang);
  if (error instanceof NotFoundError) return t('error.notFound', { detail: error.url || detail }, lang);
  if (error instanceof HttpError) return t('error.http', { status: error.status, detail }, lang);
  if (error instanceof ParseError) return t('error.parse', {}, lang);
  return t('error.unknown', { detail }, lang);
}

/** Everything outside the Leaflet controls that carries words. */
function renderChrome() {
  const lang = getLang();
  document.documentElement.lang = htmlLang(lang);
  const title = state.catalog ? pick(state.catalog.title, lang) : t('app.name', {}, lang);
  document.title = title;
  dom.title.textContent = title;
  dom.langGroup.setAttribute('aria-label', t('lang.group', {}, lang));
  for (const button of dom.langButtons) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  dom.map.setAttribute('aria-label', t('map.label', {}, lang));
  dom.status.textContent = t('app.loading', {}, lang);
  if (state.catalog && state.catalog.notice) {
    dom.noticeLabel.textContent = t('notice.label', {}, lang);
    dom.noticeText.textContent = pick(state.catalog.notice, lang);
    dom.notice.hidden = false;
  }
  if (state.error) {
    dom.errorTitle.textContent = t('error.title', {}, lang);
    dom.errorText.textContent = errorMessage(state.error, lang);
    dom.errorReload.textContent = t('error.reload', {}, lang);
    dom.error.hidden = false;
  }
}

function addZoomControl() {
  const lang = getLang();
  if (state.zoom) state.zoom.remove();
  state.zoom = control.zoom({ zoomInTitle: t('zoom.in', {}, lang), zoomOutTitle: t('zoom.out', {}, lang) })
    .addTo(state.map);
}

function onLanguage(lang) {
  renderChrome();
  if (!state.map) return;
  addZoomControl();
  state.switcher?.setLang(lang);
  state.legend?.setLang(lang);
  if (state.attribution) {
    state.attribution.removeAttribution(state.attributionText);
    state.attributionText = t('attribution.synthetic', {}, lang);
    state.attribution.addAttribution(state.attributionText);
  }
  for (const entry of state.entries) refreshPopups(entry.layer);
}

function createBaseMap(catalog) {
  const map = createMap(dom.map, {
    zoomControl: false,
    attributionControl: false,
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    maxZoom: catalog.basemap?.maxZoom ?? 18,
  });
  state.attribution = control.attribution({ prefix: LEAFLET_CREDIT }).addTo(map);
  state.attributionText = t('attribution.synthetic');
  state.attribution.addAttribution(state.attributionText);
  control.scale({ metric: true, imperial: false, position: 'bottomleft' }).addTo(map);
  if (catalog.basemap && catalog.basemap.url) {
    tileLayer(catalog.basemap.url, {
      attribution: catalog.basemap.attribution ?? '',
      maxZoom: catalog.basemap.maxZoom ?? 18,
    }).addTo(map);
  }
  return map;
}

function initialBounds() {
  const fit = state.entries.find((entry) => entry.def.id === FIT_LAYER_ID);
  if (fit && fit.layer.getBounds().isValid()) return fit.layer.getBounds();
  let bounds = null;
  for (const entry of state.entries) {
    if (!entry.def.pages?.[PAGE]) continue;
    const b = entry.layer.getBounds();
    if (!b.isValid()) continue;
    bounds = bounds ? bounds.extend(b) : b;
  }
  return bounds;
}

function exposeTestHook() {
  const layers = {};
  for (const entry of state.entries) {
    const { def, layer } = entry;
    layers[def.id] = {
      featureCount: entry.featureCount,
      numberMatched: entry.numberMatched,
      get visible() {
        return state.map.hasLayer(layer);
      },
    };
  }
  window.APP = {
    map: state.map,
    layers,
    get lang() {
      return getLang();
    },
  };
}

async function start() {
  renderChrome();
  state.catalog = await getCatalog();
  renderChrome();

  const map = createBaseMap(state.catalog);
  state.map = map;
  addZoomControl();

  const spatial = byOrder(state.catalog.layers.filter(isSpatial));
  const collections = await Promise.all(spatial.map((def) => getItems(def.id)));
  spatial.forEach((def, index) => {
    const pane = `xt-layer-${def.id}`;
    map.createPane(pane).style.zIndex = String(PANE_BASE_Z + index);
    map.getPane(pane).classList.add('xt-layer-pane');
    const collection = collections[index];
    const layer = createFeatureLayer(def, collection, { pane, getLang });
    state.entries.push({
      def,
      layer,
      featureCount: collection.features.length,
      numberMatched: collection.numberMatched ?? collection.features.length,
    });
  });

  const bounds = initialBounds();
  if (bounds) map.fitBounds(bounds, { padding: [16, 16], animate: false });
  else map.fitWorld({ animate: false });

  for (const entry of state.entries) {
    if (entry.def.pages?.[PAGE]) entry.layer.addTo(map);
  }

  const lang = getLang();
  // The switcher lists layers in catalogue order within each group; the legend lists them top layer first.
  const catalogIndex = (entry) => state.catalog.layers.indexOf(entry.def);
  const listed = [...state.entries].sort((a, b) => catalogIndex(a) - catalogIndex(b));
  const small = window.matchMedia(SMALL_SCREEN).matches;
  state.switcher = new LayerSwitcher({ groups: state.catalog.groups, entries: listed, lang, collapsed: small })
    .addTo(map);
  state.legend = new LegendControl({ entries: state.entries, lang, collapsed: small }).addTo(map);

  exposeTestHook();
  dom.status.hidden = true;
  dom.body.dataset.ready = 'true';
}

function fail(error) {
  console.error('Xiangtu: the map could not be loaded.', error);
  state.error = error;
  dom.status.hidden = true;
  renderChrome();
  window.APP = {
    map: state.map,
    layers: {},
    error: error?.message ?? String(error),
    get lang() {
      return getLang();
    },
  };
  dom.body.dataset.ready = 'error';
}

for (const button of dom.langButtons) {
  button.addEventListener('click', () => setLang(button.dataset.lang));
}
dom.errorReload.addEventListener('click', () => window.location.reload());
onLangChange(onLanguage);
apiEvents.addEventListener('loadingstart', () => dom.body.classList.add('is-loading'));
apiEvents.addEventListener('loadingend', (event) => {
  if (event.detail.pending === 0) dom.body.classList.remove('is-loading');
});

start().catch(fail);

// Entry module of the leaders' cockpit: catalogue → map and layers; dashboard API → KPIs, theme map,
// drill-down, village card and charts; language, print and the test hook.

import { map as createMap, control, tileLayer, geoJSON } from 'leaflet';
import {
  getCatalog, getItems, getDashboard, apiEvents, NetworkError, NotFoundError, HttpError, ParseError,
  getWatchSummary,
} from '../core/api.js';
import { getLang, setLang, onLangChange, t, pick, htmlLang } from '../core/i18n.js';
import { formatDate } from '../core/format.js';
import {
  parseCockpitParams, sameCockpitState, parseParams, writeParams, THEME_PARAMS,
} from '../core/params.js';
import { isSpatial, byOrder } from '../map/style.js';
import { createFeatureLayer, refreshPopups, registerCodeNames } from '../map/feature-layer.js';
import { ScaleManager } from '../map/scale.js';
import { NorthArrow } from '../map/north-arrow.js';
import { drawAsOf } from '../map/as-of.js';
import { listenForChanges } from '../core/live.js';
import { CHANGE_KINDS } from '../core/live-link.js';
import { LegendControl } from '../map/legend-control.js';
import { SyntheticAttribution } from '../map/attribution.js';
import { LayerSwitcher } from '../map/layer-switcher.js';
import { Highlighter } from '../map/highlight-layer.js';
import { THEMES, DEFAULT_THEME, themeById, buildChoropleth, villageStyle } from '../map/themes.js';
import { ThemeControl } from './theme-control.js';
import { KpiPanel } from './kpi-panel.js';
import { ChartPanel } from './charts.js';
import { Breadcrumb } from './breadcrumb.js';
import { ChildrenList } from './children-list.js';
import { VillageCard } from './village-card.js';
import { Drilldown } from './drilldown.js';
import { SessionHeader } from '../core/session-header.js';
import { PlaceSearch, buildPlaceIndex, placeName } from '../core/place-search.js';
import { WatchPanel, WATCH_METRICS } from './watch-panel.js';
import { BriefingLink } from './briefing-link.js';

const PAGE = 'cockpit';
/** The layer whose extent is the initial view. */
const FIT_LAYER_ID = 'district';
/** Layers the drill-down works on: a click on a town or village opens it instead of a popup. */
const TOWNS_ID = 'towns';
const VILLAGES_ID = 'villages';
/** Catalogue layers that give the charts their category names and colours. */
const PROJECTS_ID = 'projects';
const INDUSTRY_ID = 'industry_bases';
/** Leaflet's overlayPane is 400 and markerPane 600: one pane per layer in between keeps draw order stable. */
const PANE_BASE_Z = 401;
const HIGHLIGHT_Z = 590;
/** Panels start folded on phones (same breakpoint as base.css). */
const SMALL_SCREEN = '(max-width: 640px)';
const LEAFLET_CREDIT = '<a href="https://leafletjs.com">Leaflet</a>';
const FIT_OPTIONS = { padding: [16, 16], animate: false };
/** The relapse-watch view travels with a shared link (?view=watch); only leaders and admins see it. */
const VIEW_PARAMS = { view: { parse: (text) => (text === 'watch' ? text : null) } };
const WATCH_ROLES = ['leader', 'admin'];
const WATCH_PALETTE = ['#fee5d9', '#fcae91', '#fb6a4a', '#de2d26', '#a50f15'];

const $ = (selector) => document.querySelector(selector);

const dom = {
  body: document.body,
  title: $('#app-title'),
  badge: $('#app-badge'),
  langGroup: $('#lang-switch'),
  langButtons: [...document.querySelectorAll('#lang-switch [data-lang]')],
  notice: $('#notice'),
  noticeLabel: $('#notice [data-ref="label"]'),
  noticeText: $('#notice [data-ref="text"]'),
  period: $('#period'),
  yearLabel: $('#period [data-ref="year-label"]'),
  asOfLabel: $('#period [data-ref="asof-label"]'),
  year: $('#year-select'),
  asOf: $('#asof-input'),
  print: $('#print-button'),
  briefing: $('#briefing-link'),
  briefingStatus: $('#briefing-status'),
  tools: $('.xt-header__tools'),
  skip: $('#skip-link'),
  breadcrumb: $('#breadcrumb'),
  bar: $('.xt-bar'),
  kpiPanel: $('#kpi-panel'),
  dataDate: $('#data-date'),
  kpiTitle: $('#kpi-title'),
  kpiStatus: $('#kpi-status'),
  kpiGroups: $('#kpi-groups'),
  villageCard: $('#village-card'),
  children: $('#children'),
  chartsTitle: $('#charts-title'),
  chartList: $('#chart-list'),
  watchButton: $('#watch-button'),
  watchPanel: $('#watch-panel'),
  map: $('#map'),
  status: $('#status'),
  error: $('#error'),
  errorTitle: $('#error [data-ref="title"]'),
  errorText: $('#error [data-ref="text"]'),
  errorReload: $('#error [data-ref="reload"]'),
};

const state = {
  catalog: null,
  map: null,
  entries: [], // [{def, layer, featureCount, numberMatched, features: Map(id → feature)}]
  byId: new Map(), // layer id → entry
  switcher: null,
  legend: null,
  zoom: null,
  attribution: null, // map/attribution.js
  themeControl: null,
  highlighter: null,
  outlines: null, // town boundaries over the theme map
  scopeOutline: null,
  kpis: null,
  charts: null,
  printing: false, // between beforeprint and afterprint
  breadcrumb: null,
  children: null,
  villageCard: null,
  drilldown: null,
  dashboard: null,
  theme: themeById(parseParams(window.location.search, THEME_PARAMS).theme ?? DEFAULT_THEME).id,
  choropleth: null,
  highlight: null, // {kpi, count}
  dataAsOf: null, // the data's own as-of date (the API default), the latest date one may pick
  navigation: 0, // id of the latest navigation; older answers are dropped
  controller: null,
  prefetch: null, // {state, promise}: the first dashboard, requested while the layers load
  error: null,
  scale: null, // map/scale.js: what each layer draws at the current zoom, and the labels
  north: null,
  projectStates: null, // project id → {status, progress_pct} on the dashboard's asOf
  watchOn: parseParams(window.location.search, VIEW_PARAMS).view === 'watch', // the relapse-watch view asked for
  watchSummary: null, // its /api/watch/summary answer for the current scope and date
  watchPanel: null,
  briefing: null, // cockpit/briefing-link.js: the scope bar's link to the scope's briefing pack
};

// ---- words

function errorMessage(error, lang) {
  const detail = error?.problem?.detail || error?.problem?.title || error?.message || '';
  if (error instanceof NetworkError) return t('error.network', {}, lang);
  if (error instanceof NotFoundError) return t('error.notFound', { detail: error.url || detail }, lang);
  if (error instanceof HttpError) return t('error.http', { status: error.status, detail }, lang);
  if (error instanceof ParseError) return t('error.parse', {}, lang);
  return t('error.unknown', { detail }, lang);
}

/** A dashboard error that going back to the district can cure (a bad code or date in the URL). */
function isBadRequest(error) {
  return error instanceof HttpError && error.status >= 400 && error.status < 500 && Boolean(state.drilldown);
}

/** Everything outside the Leaflet controls and the dashboard widgets that carries words. */
function renderChrome() {
  const lang = getLang();
  document.documentElement.lang = htmlLang(lang);
  const title = state.catalog ? pick(state.catalog.title, lang) : t('app.name', {}, lang);
  document.title = title;
  dom.title.textContent = title;
  dom.badge.textContent = t('cockpit.badge', {}, lang);
  dom.langGroup.setAttribute('aria-label', t('lang.group', {}, lang));
  for (const button of dom.langButtons) button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
  dom.period.setAttribute('aria-label', t('period.label', {}, lang));
  dom.yearLabel.textContent = t('period.year', {}, lang);
  dom.asOfLabel.textContent = t('period.asOf', {}, lang);
  dom.print.textContent = t('print.button', {}, lang);
  dom.skip.textContent = t('skip.main', {}, lang);
  dom.print.title = t('print.title', {}, lang);
  renderBriefing(lang);
  dom.kpiTitle.textContent = t('kpi.title', {}, lang);
  dom.chartsTitle.textContent = t('charts.title', {}, lang);
  const [mapLabel, mapHint] = [t('map.label', {}, lang), t('map.hint', {}, lang)];
  dom.map.setAttribute('aria-label', lang === 'zh' ? `${mapLabel}（${mapHint}）` : `${mapLabel} (${mapHint})`);
  dom.status.textContent = t(state.map ? 'cockpit.loading' : 'app.loading', {}, lang);
  if (state.catalog && state.catalog.notice) {
    dom.noticeLabel.textContent = t('notice.label', {}, lang);
    dom.noticeText.textContent = pick(state.catalog.notice, lang);
    dom.notice.hidden = false;
  }
  dom.error.hidden = !state.error;
  if (state.error) {
    dom.errorTitle.textContent = t('error.title', {}, lang);
    dom.errorText.textContent = errorMessage(state.error, lang);
    dom.errorReload.textContent = t(isBadRequest(state.error) ? 'error.home' : 'error.reload', {}, lang);
  }
}

// ---- map

function addZoomControl() {
  const lang = getLang();
  if (state.zoom) state.zoom.remove();
  state.zoom = control.zoom({
    position: 'topleft', zoomInTitle: t('zoom.in', {}, lang), zoomOutTitle: t('zoom.out', {}, lang),
  }).addTo(state.map);
}

function createBaseMap(catalog) {
  const map = createMap(dom.map, {
    zoomControl: false,
    attributionControl: false,
    zoomSnap: 0.25,
    zoomDelta: 0.5,
    maxZoom: catalog.basemap?.maxZoom ?? 18,
  });
  state.attribution = new SyntheticAttribution(map, { prefix: LEAFLET_CREDIT });
  control.scale({ metric: true, imperial: false, position: 'bottomleft' }).addTo(map);
  if (catalog.basemap && catalog.basemap.url) {
    tileLayer(catalog.basemap.url, {
      attribution: catalog.basemap.attribution ?? '',
      maxZoom: catalog.basemap.maxZoom ?? 18,
    }).addTo(map);
  }
  return map;
}

function districtBounds() {
  const fit = state.byId.get(FIT_LAYER_ID);
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

/** The GeoJSON feature of a town or village by its code. */
function featureByCode(layerId, code) {
  const entry = state.byId.get(layerId);
  if (!entry || !code) return null;
  for (const feature of entry.features.values()) {
    if (feature.properties && feature.properties.code === code) return feature;
  }
  return null;
}

function scopeFeature(scope) {
  if (!scope) return null;
  if (scope.level === 'town') return featureByCode(TOWNS_ID, scope.code);
  if (scope.level === 'village') return featureByCode(VILLAGES_ID, scope.code);
  return null;
}

/** Fits the map to the current scope (district, town or village). */
function zoomToScope() {
  const feature = scopeFeature(state.dashboard?.scope);
  const bounds = feature ? geoJSON(feature).getBounds() : districtBounds();
  if (bounds && bounds.isValid()) state.map.fitBounds(bounds, { ...FIT_OPTIONS, maxZoom: 15 });
  else state.map.fitWorld({ animate: false });
}

/** A thin line for every town over the theme map, and a thick one around the current town or village. */
function drawOutlines() {
  const towns = state.byId.get(TOWNS_ID);
  const pane = 'xt-cockpit-outlines';
  if (!state.map.getPane(pane)) {
    const villages = state.byId.get(VILLAGES_ID);
    const z = villages ? state.map.getPane(villages.layer.options.pane).style.zIndex : String(PANE_BASE_Z);
    state.map.createPane(pane).style.zIndex = z; // same level as the villages, created later: drawn above them
    state.map.getPane(pane).classList.add('xt-layer-pane');
  }
  if (!state.outlines && towns) {
    state.outlines = geoJSON([...towns.features.values()].filter((f) => f.geometry), {
      pane,
      interactive: false,
      style: { color: '#343a40', weight: 1.2, opacity: 0.75, fill: false },
    }).addTo(state.map);
  }
  if (state.scopeOutline) state.scopeOutline.remove();
  state.scopeOutline = null;
  const feature = scopeFeature(state.dashboard?.scope);
  if (feature) {
    state.scopeOutline = geoJSON(feature, {
      pane, interactive: false, style: { color: '#1f3a2e', weight: 3.5, opacity: 1, fill: false },
    }).addTo(state.map);
  }
}

/** Colours the villages by the current theme (classes from the dashboard's villages) and updates the legend. */
function applyTheme() {
  const villages = state.byId.get(VILLAGES_ID);
  const theme = themeById(state.theme);
  const featureIdByCode = new Map();
  if (villages) {
    for (const feature of villages.features.values()) featureIdByCode.set(feature.properties?.code, feature.id);
  }
  const rows = (state.dashboard?.villages ?? []).map((v) => ({ ...v, id: v.id ?? featureIdByCode.get(v.code) }));
  state.choropleth = watchChoropleth() ?? buildChoropleth(theme, rows);
  if (villages) villages.layer.setStyle((feature) => villageStyle(state.choropleth, feature.id));
  state.themeControl?.setChoropleth(state.choropleth);
}

/** Project symbols as they stood on the dashboard's date (its `projects` states; outside the scope: faint). */
function applyProjectStates() {
  const projects = state.byId.get(PROJECTS_ID);
  const rows = state.dashboard?.projects;
  state.projectStates = Array.isArray(rows)
    ? new Map(rows.map((row) => [String(row.id), { status: row.status, progress_pct: row.progress_pct }]))
    : null;
  if (projects && state.scale) drawAsOf(projects.def, state.scale.members(PROJECTS_ID), state.projectStates);
  // a popup left open shows the project on the new date too, not the one it was opened on
  if (projects) refreshPopups(projects.layer);
}

/** A project's popup on the chosen date: its status and progress then, with a note. */
function projectAsOf(feature) {
  const projectState = state.projectStates?.get(String(feature.id));
  if (!projectState || !state.dashboard) return null;
  const lang = getLang();
  return { properties: projectState, note: t('map.asOfNote', { date: formatDate(state.dashboard.asOf, lang) }, lang) };
}

/** The legends drawn outside the map on paper (print.css): copies of the theme legend and the layer legend. */
function renderPrintLegend() {
  const target = document.getElementById('print-legend');
  if (!target) return;
  const heading = document.createElement('h2');
  heading.className = 'xt-side__title';
  heading.textContent = t('print.legend');
  const parts = [heading];
  for (const selector of ['.xt-theme__legend', '.xt-legend__body']) {
    const source = dom.map.querySelector(selector);
    if (!source) continue;
    const copy = source.cloneNode(true);
    copy.hidden = false;
    copy.removeAttribute('id');
    parts.push(copy);
  }
  target.replaceChildren(...parts);
}

// ---- the relapse-watch view (leaders and admins)

function watchAllowed() {
  return WATCH_ROLES.includes(state.session?.role);
}

function watchShown() {
  return state.watchOn && watchAllowed() && Boolean(state.watchSummary);
}

/**
 * The villages coloured by the watch view's metric: at district level each by its town's figure, at town level
 * each village of the town by its own, at village level the village by its total (every number from the API).
 */
function watchChoropleth() {
  const villages = state.byId.get(VILLAGES_ID);
  if (!watchShown() || !villages) return null;
  const summary = state.watchSummary;
  const metricId = state.watchPanel.metric;
  const metric = WATCH_METRICS[metricId];
  const byCode = new Map((summary.units ?? []).map((u) => [u.code, u[metric.unit]]));
  const rows = [];
  for (const feature of villages.features.values()) {
    const { code, town_code: townCode } = feature.properties ?? {};
    let value;
    if (summary.scope.level === 'district') value = byCode.get(townCode);
    else if (summary.scope.level === 'town') {
      if (townCode !== summary.scope.code) continue;
      value = byCode.get(code);
    } else {
      if (code !== summary.scope.code) continue;
      value = summary.totals[metric.total];
    }
    rows.push({ id: feature.id, code, metrics: { watch: value ?? null } });
  }
  const theme = {
    id: `watch_${metricId}`, metric: 'watch', kind: metricId === 'monitored' ? 'households' : 'count',
    lagging: 'high', palette: WATCH_PALETTE,
  };
  return buildChoropleth(theme, rows);
}

/** Fetches the watch view's summary of the dashboard's scope and date (none unless shown to a leader or admin). */
async function loadWatch(signal) {
  const scope = state.dashboard?.scope;
  if (!state.watchOn || !watchAllowed() || !scope) {
    state.watchSummary = null;
    return;
  }
  try {
    state.watchSummary = await getWatchSummary({
      scope: scope.level === 'district' ? null : scope.code, asOf: state.dashboard.asOf, signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    console.error('Xiangtu: the relapse watch could not be loaded', error);
    state.watchSummary = null;
  }
}

function renderWatch(lang) {
  const allowed = watchAllowed();
  dom.watchButton.hidden = !allowed;
  dom.watchButton.textContent = t('watch.button', {}, lang);
  dom.watchButton.setAttribute('aria-pressed', String(state.watchOn && allowed));
  dom.body.classList.toggle('is-watching', watchShown());
  state.watchPanel?.render(watchShown() ? state.watchSummary : null, lang);
}

/** The watch view switched on or off, or the session changed: fetch, draw, recolour. */
async function refreshWatch() {
  const search = writeParams({ view: state.watchOn ? 'watch' : null }, VIEW_PARAMS, window.location.search);
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
  dom.body.dataset.watchReady = 'false';
  await loadWatch();
  renderWatch(getLang());
  if (state.map) applyTheme();
  dom.body.dataset.watchReady = 'true';
}

function onThemeChange(themeId) {
  state.theme = themeById(themeId).id;
  // the theme travels with a shared link (?theme=…), the default one leaves the address alone
  const search = writeParams({ theme: state.theme === DEFAULT_THEME ? null : state.theme }, THEME_PARAMS,
    window.location.search);
  window.history.replaceState(window.history.state, '', `${window.location.pathname}${search}${window.location.hash}`);
  applyTheme();
  state.children?.render(state.dashboard?.children ?? [], themeById(state.theme), getLang());
  renderBriefing(getLang());
}

/** The scope bar's briefing link asks for the pack on screen: scope (a village: its town), date, year, theme. */
function renderBriefing(lang) {
  state.briefing ??= new BriefingLink(dom.briefing, dom.briefingStatus);
  const dashboard = state.dashboard;
  state.briefing.update({
    scope: dashboard?.scope ?? null,
    asOf: dashboard?.asOf ?? null,
    year: dashboard?.year ?? null,
    theme: state.theme,
    lang,
    placeName: (code, name) => localName(code, name, lang),
  });
}

/** Drill-down clicks: towns and villages open their dashboard instead of a popup. */
function bindDrilldownClicks() {
  const towns = state.byId.get(TOWNS_ID);
  const villages = state.byId.get(VILLAGES_ID);
  towns?.layer.eachLayer((featureLayer) => {
    featureLayer.unbindPopup();
    featureLayer.on('click', () => {
      const code = featureLayer.feature.properties?.code;
      if (code) {
        state.scrollAfter = true;
        state.drilldown.toTown(code);
      }
    });
  });
  const hover = (featureLayer, restyle) => {
    featureLayer.on('mouseover', () => {
      featureLayer.setStyle({ color: '#1f3a2e', weight: 2.5 });
      featureLayer.bringToFront();
    });
    featureLayer.on('mouseout', () => featureLayer.setStyle(restyle(featureLayer.feature)));
  };
  villages?.layer.eachLayer((featureLayer) => {
    featureLayer.unbindPopup();
    hover(featureLayer, (feature) => villageStyle(state.choropleth, feature.id));
    featureLayer.on('click', () => {
      const { code, town_code: townCode } = featureLayer.feature.properties ?? {};
      const scope = state.dashboard?.scope;
      const currentTown = scope?.path?.find((p) => p.level === 'town')?.code ?? null;
      if (!code) return;
      state.scrollAfter = true;
      if (scope && scope.level !== 'district' && townCode === currentTown) state.drilldown.toVillage(code, townCode);
      else if (townCode) state.drilldown.toTown(townCode);
    });
  });
}

function onKpiSelect(kpi) {
  const lang = getLang();
  if (!kpi) {
    state.highlighter.clear();
    state.highlight = null;
    dom.kpiStatus.textContent = t('kpi.cleared', {}, lang);
    zoomToScope();
    return;
  }
  const entry = state.byId.get(kpi.layer);
  const ids = Array.isArray(kpi.ids) ? kpi.ids : [];
  const features = entry ? ids.map((id) => entry.features.get(id)).filter(Boolean) : [];
  const count = state.highlighter.show(features);
  state.highlight = { kpi: kpi.id, layer: kpi.layer ?? null, count };
  if (count === 0) zoomToScope();
  renderKpiStatus(lang);
}

function renderKpiStatus(lang) {
  const kpi = state.highlight && state.dashboard?.kpis.find((k) => k.id === state.highlight.kpi);
  if (!kpi) {
    dom.kpiStatus.textContent = '';
    return;
  }
  const label = pick(kpi.label, lang);
  dom.kpiStatus.textContent = state.highlight.count > 0
    ? t('kpi.highlighted', { label, count: state.highlight.count }, lang)
    : t('kpi.noFeatures', { label }, lang);
}

// ---- dashboard widgets

/** Category names (and colours) for chart codes: the catalogue's legend classes, else interface strings. */
function chartLabels() {
  const classOf = (layerId, field, code) => {
    const def = state.catalog?.layers.find((l) => l.id === layerId);
    if (!def || !def.legend || def.legend.field !== field) return null;
    return def.legend.classes.find((c) => String(c.value) === String(code)) ?? null;
  };
  const label = (layerId, field, fallbackKey) => (code, lang) => {
    const cls = classOf(layerId, field, code);
    if (cls) return { name: pick(cls.title, lang) || String(code), color: cls.style?.fillColor ?? null };
    const key = `${fallbackKey}.${code}`;
    const text = t(key, {}, lang);
    return { name: text === key ? String(code) : text, color: null };
  };
  return {
    status: label(PROJECTS_ID, 'status', 'project.status'),
    kind: label(PROJECTS_ID, 'kind', 'project.kind'),
    category: label(INDUSTRY_ID, 'category', 'industry.category'),
  };
}

function renderPeriod(lang) {
  const dashboard = state.dashboard;
  if (!dashboard) return;
  const years = Array.isArray(dashboard.charts?.income?.years) && dashboard.charts.income.years.length > 0
    ? dashboard.charts.income.years
    : [dashboard.year];
  const options = years.map((year) => {
    const option = document.createElement('option');
    option.value = String(year);
    option.textContent = String(year);
    return option;
  });
  dom.year.replaceChildren(...options);
  dom.year.value = String(dashboard.year);
  dom.asOf.value = dashboard.asOf ?? '';
  dom.asOf.min = `${Math.min(...years)}-01-01`;
  if (state.dataAsOf) dom.asOf.max = state.dataAsOf;
  dom.dataDate.textContent = `${t('period.dataDate', { date: formatDate(dashboard.asOf, lang) }, lang)} · ${
    t('period.yearShown', { year: dashboard.year }, lang)}`;
}

/** A town's, village's or the district's name in `lang` (pinyin in English, from the layers' data). */
function localName(code, name, lang) {
  const place = state.places?.get(code);
  return place ? placeName(place, lang) : name;
}

/** Places (scope path entries, children) with their names in `lang`. */
function localNames(places, lang) {
  return places.map((p) => ({ ...p, name: localName(p.code, p.name, lang) }));
}

/** Every dashboard widget except the charts, in `lang`, from state.dashboard. */
function renderDashboard(lang) {
  const dashboard = state.dashboard;
  if (!dashboard) return;
  renderPeriod(lang);
  state.breadcrumb.render(localNames(dashboard.scope?.path ?? [], lang), lang);
  state.kpis.render(dashboard.kpis, lang);
  state.kpis.setSelected(state.highlight?.kpi ?? null);
  renderKpiStatus(lang);
  state.children.render(localNames(dashboard.children, lang), themeById(state.theme), lang);
  const town = dashboard.scope?.path?.find((p) => p.level === 'town');
  const village = dashboard.scope?.level === 'village' ? dashboard.village ?? null : null;
  state.villageCard.render(village && lang === 'en'
    ? {
      ...village,
      name: `${localName(dashboard.scope.code, dashboard.scope.name, lang)} (${dashboard.scope.name})`,
      town_name: undefined,
    }
    : village, {
    def: state.byId.get(VILLAGES_ID)?.def ?? state.catalog.layers.find((l) => l.id === VILLAGES_ID) ?? null,
    townName: town ? localName(town.code, town.name, lang) : null,
    lang,
  });
}

// ---- navigation

function requestDashboard(nav, signal) {
  if (state.prefetch && sameCockpitState(state.prefetch.state, nav)) {
    const { promise } = state.prefetch;
    state.prefetch = null;
    return promise;
  }
  state.prefetch = null;
  return getDashboard({ ...nav, signal });
}

/** Loads and shows the dashboard of a drill-down state; the ready flag is "false" until all is drawn. */
async function navigate(nav) {
  const id = ++state.navigation;
  state.controller?.abort();
  const controller = new AbortController();
  state.controller = controller;
  dom.body.dataset.ready = 'false';
  dom.status.textContent = t('cockpit.loading');
  dom.status.hidden = false;
  try {
    const dashboard = await requestDashboard(nav, controller.signal);
    if (id !== state.navigation) return;
    state.dashboard = dashboard;
    if (!nav.asOf && !state.dataAsOf) state.dataAsOf = dashboard.asOf;
    state.drilldown.settle(dashboard.scope);
    state.highlighter.clear();
    state.highlight = null;
    state.error = null;
    const lang = getLang();
    renderChrome();
    renderDashboard(lang);
    await loadWatch(controller.signal);
    if (id !== state.navigation) return;
    renderWatch(lang);
    applyTheme();
    applyProjectStates();
    drawOutlines();
    zoomToScope();
    await state.charts.render(dashboard.charts, lang);
    if (id !== state.navigation) return;
    dom.status.hidden = true;
    dom.body.dataset.ready = 'true';
    performance.mark('xiangtu:ready');
    if (state.scrollAfter) scrollToChange();
  } catch (error) {
    if (id !== state.navigation || controller.signal.aborted) return;
    fail(error);
  }
}

/**
 * After a place was chosen (search, list, map), what changed is brought into view when it is not in view
 * already: on a phone the village card or the figures sit far below the list or the map one tapped.
 */
function scrollToChange() {
  state.scrollAfter = false;
  const target = !dom.villageCard.hidden ? dom.villageCard : dom.kpiPanel;
  const box = target.getBoundingClientRect();
  const inView = box.top >= 0 && box.top < window.innerHeight - 40;
  if (!inView) target.scrollIntoView({ block: 'start', behavior: 'auto' });
}

/** A place chosen in the search box: its town or village opens (a project opens its village). */
function onPlaceChosen(entry) {
  state.scrollAfter = true;
  if (entry.kind === 'town') state.drilldown.toTown(entry.code);
  else if (entry.kind === 'village') state.drilldown.toVillage(entry.code, entry.townCode);
  else state.drilldown.toVillage(entry.villageCode, entry.townCode);
}

// ---- language, print, test hook

function onLanguage(lang) {
  renderChrome();
  if (!state.map) return;
  addZoomControl();
  state.switcher?.setLang(lang);
  state.legend?.setLang(lang);
  state.themeControl?.setLang(lang);
  state.search?.render();
  state.north?.setTitle(t('map.north', {}, lang));
  state.scale?.relabel();
  state.attribution?.setLang(lang);
  for (const entry of state.entries) refreshPopups(entry.layer);
  renderWatch(lang);
  if (state.dashboard) {
    renderDashboard(lang);
    state.charts.render(state.dashboard.charts, lang).catch((error) => console.error('Xiangtu: charts', error));
  }
}

function fitForMedia() {
  if (!state.map) return;
  state.charts?.setPrinting(printing.matches || state.printing);
  state.map.invalidateSize({ animate: false, pan: false });
  if (state.highlight?.count > 0) state.highlighter.fit();
  else zoomToScope();
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
      /** What the layer draws at this zoom: {features, clusters} (map/scale.js). */
      get drawn() {
        return state.scale ? state.scale.drawn(def.id) : null;
      },
    };
  }
  window.APP = {
    map: state.map,
    layers,
    get lang() {
      return getLang();
    },
    /** The last dashboard API response shown. */
    get dashboard() {
      return state.dashboard;
    },
    /** The current theme id (map/themes.js). */
    get theme() {
      return state.theme;
    },
    /** The KPI values as rendered: [{id, text, number, unit}]. */
    get kpis() {
      return state.kpis ? state.kpis.shown() : [];
    },
    /** The highlighted KPI: {kpi, layer, count} or null. */
    get highlight() {
      return state.highlight ? { ...state.highlight } : null;
    },
    /** How many times a change announced on /events made the cockpit fetch its data again. */
    get liveUpdates() {
      return state.liveUpdates || 0;
    },
    /** The relapse-watch view: whether it is shown, and its summary. */
    get watch() {
      return { shown: watchShown(), summary: state.watchSummary, kpis: state.watchPanel?.shown() ?? [] };
    },
    /** ECharts instances by chart id. */
    get charts() {
      return state.charts ? state.charts.instances() : {};
    },
  };
}

// ---- start

async function start() {
  renderChrome();
  if (!window.echarts) throw new Error('ECharts is not loaded (/webjars/echarts/…/echarts.min.js)');
  // The first dashboard is requested now, while the catalogue and the layers load.
  const first = parseCockpitParams(window.location.search);
  const promise = getDashboard(first);
  promise.catch(() => {}); // handled when navigate() awaits it
  state.prefetch = { state: first, promise };

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
    const asOfOf = def.id === PROJECTS_ID ? projectAsOf : () => null;
    const layer = createFeatureLayer(def, collection, { pane, getLang, asOfOf });
    registerCodeNames(def, collection.features);
    const features = new Map();
    for (const feature of collection.features) {
      if (feature && feature.id !== undefined && feature.id !== null) features.set(String(feature.id), feature);
    }
    const entry = {
      def,
      layer,
      features,
      featureCount: collection.features.length,
      numberMatched: collection.numberMatched ?? collection.features.length,
    };
    state.entries.push(entry);
    state.byId.set(def.id, entry);
  });

  const bounds = districtBounds();
  if (bounds) map.fitBounds(bounds, FIT_OPTIONS);
  else map.fitWorld({ animate: false });

  for (const entry of state.entries) {
    if (entry.def.pages?.[PAGE]) entry.layer.addTo(map);
  }

  const lang = getLang();
  // The switcher lists layers in catalogue order within each group; the legend lists them top layer first.
  // The villages are coloured by the theme, so their legend is the theme control's.
  const catalogIndex = (entry) => state.catalog.layers.indexOf(entry.def);
  const listed = [...state.entries].sort((a, b) => catalogIndex(a) - catalogIndex(b));
  const small = window.matchMedia(SMALL_SCREEN).matches;
  state.switcher = new LayerSwitcher({ groups: state.catalog.groups, entries: listed, lang, collapsed: true })
    .addTo(map);
  state.legend = new LegendControl({
    entries: state.entries.filter((entry) => entry.def.id !== VILLAGES_ID), lang, collapsed: true,
  }).addTo(map);
  state.themeControl = new ThemeControl({
    themes: THEMES, theme: state.theme, lang, collapsed: small, onChange: onThemeChange,
  }).addTo(map);

  map.createPane('xt-highlight').style.zIndex = String(HIGHLIGHT_Z);
  map.getPane('xt-highlight').classList.add('xt-layer-pane');
  state.highlighter = new Highlighter(map, { pane: 'xt-highlight' });
  bindDrilldownClicks();
  // Each layer's zoom range, thinning and labels (the catalogue's scale rules).
  state.scale = new ScaleManager(map, {
    clusterTitle: (count, def) => t('map.cluster', { count, layer: pick(def.title, getLang()) }),
  });
  for (const entry of state.entries) state.scale.attach(entry.def, entry.layer);
  state.north = new NorthArrow({ title: t('map.north', {}, lang) }).addTo(map);
  // The paper copy of the legends follows the map's legends.
  const printLegend = () => window.requestAnimationFrame(renderPrintLegend);
  new MutationObserver(printLegend).observe(map.getContainer().querySelector('.leaflet-control-container'), {
    childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-theme'],
  });

  state.kpis = new KpiPanel(dom.kpiGroups, { onSelect: onKpiSelect });
  state.charts = new ChartPanel(dom.chartList, { echarts: window.echarts, labels: chartLabels() });
  state.breadcrumb = new Breadcrumb(dom.breadcrumb, { onSelect: (entry) => state.drilldown.toScope(entry) });
  state.children = new ChildrenList(dom.children, {
    onSelect: (child) => {
      state.scrollAfter = true;
      if (child.level === 'village') state.drilldown.toVillage(child.code);
      else state.drilldown.toTown(child.code);
    },
  });
  state.villageCard = new VillageCard(dom.villageCard);
  state.watchPanel = new WatchPanel(dom.watchPanel, {
    echarts: window.echarts,
    localName,
    onMetric: () => applyTheme(),
    onSelect: (unit, level) => {
      state.scrollAfter = true;
      if (level === 'village') state.drilldown.toVillage(unit.code);
      else state.drilldown.toTown(unit.code);
    },
  });
  const featuresOf = (id) => [...(state.byId.get(id)?.features.values() ?? [])];
  state.search = new PlaceSearch(dom.bar, { onSelect: onPlaceChosen });
  const places = buildPlaceIndex({
    towns: featuresOf(TOWNS_ID), villages: featuresOf(VILLAGES_ID), projects: featuresOf(PROJECTS_ID),
  });
  state.search.setIndex(places);
  state.places = new Map(places.filter((p) => p.kind !== 'project').map((p) => [p.code, p]));
  for (const feature of featuresOf(FIT_LAYER_ID)) {
    const { code, name, pinyin } = feature.properties ?? {};
    if (code) state.places.set(code, { kind: 'district', code, name, pinyin });
  }

  exposeTestHook();
  state.drilldown = new Drilldown({ onNavigate: (nav) => navigate(nav) });
  state.drilldown.start();
  startLive();
}

/**
 * A planner's progress update (or an import) shows without a reload: the same view is fetched again. The
 * server picks a stream's audience when it opens (a leader's hears of relapse-watch changes, the public's
 * does not), so a sign-in or sign-out opens a new one.
 */
function startLive() {
  state.live?.close();
  state.live = listenForChanges({
    kinds: [...CHANGE_KINDS, 'watch'], // a relapse-watch change: leaders' streams only (the watch view)
    onChange: () => {
      state.liveUpdates = (state.liveUpdates || 0) + 1;
      navigate(state.drilldown.state);
    },
  });
}

function fail(error) {
  console.error('Xiangtu: the cockpit could not be loaded.', error);
  state.error = error;
  dom.status.hidden = true;
  renderChrome();
  if (!window.APP) {
    window.APP = {
      map: state.map,
      layers: {},
      get lang() {
        return getLang();
      },
    };
  }
  window.APP.error = error?.message ?? String(error);
  dom.body.dataset.ready = 'error';
}

for (const button of dom.langButtons) {
  button.addEventListener('click', () => setLang(button.dataset.lang));
}
// Who is looking: the dashboard API answers by role, so a sign-in or sign-out fetches the same view again.
state.session = new SessionHeader(dom.tools, {
  page: PAGE,
  onChange: () => {
    if (state.drilldown) navigate(state.drilldown.state);
    if (state.live) startLive();
  },
});
state.session.load().then(() => {
  renderWatch(getLang());
  if (state.watchOn && watchAllowed() && state.dashboard && !state.watchSummary) refreshWatch();
});
dom.watchButton.addEventListener('click', () => {
  state.watchOn = !state.watchOn;
  refreshWatch().then(() => {
    if (state.watchOn && !dom.watchPanel.hidden) dom.watchPanel.scrollIntoView({ block: 'nearest' });
  });
});
dom.errorReload.addEventListener('click', () => {
  if (isBadRequest(state.error)) {
    state.error = null;
    renderChrome();
    state.drilldown.reset();
  } else {
    window.location.reload();
  }
});
dom.year.addEventListener('change', () => {
  const year = Number(dom.year.value);
  if (Number.isInteger(year) && state.drilldown) state.drilldown.setPeriod({ year });
});
dom.asOf.addEventListener('change', () => {
  if (!state.drilldown || (dom.asOf.value && !/^\d{4}-\d{2}-\d{2}$/.test(dom.asOf.value))) return;
  state.drilldown.setPeriod({ asOf: dom.asOf.value || null });
});
dom.print.addEventListener('click', () => window.print());
// The print layout gives the map another size: fit it again when printing starts and ends.
// The print layout gives the charts their paper size before the page is laid out for print (beforeprint
// runs while the screen layout is still in force).
const printing = window.matchMedia('print');
window.addEventListener('beforeprint', () => {
  state.printing = true;
  fitForMedia();
});
window.addEventListener('afterprint', () => {
  state.printing = false;
  fitForMedia();
});
printing.addEventListener('change', fitForMedia);
onLangChange(onLanguage);
apiEvents.addEventListener('loadingstart', () => dom.body.classList.add('is-loading'));
apiEvents.addEventListener('loadingend', (event) => {
  if (event.detail.pending === 0) dom.body.classList.remove('is-loading');
});

start().catch(fail);

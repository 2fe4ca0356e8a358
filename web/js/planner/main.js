// Entry module of the planners' workspace: sign-in, then the catalogue's layers (panel + map), drawing,
// the spatial questions (/api/analysis/within and /whatif), measuring, project timelines; language and
// the test hook window.APP. The HTML holds no data: everything comes from the protected APIs after sign-in.

import { map as createMap, control } from 'leaflet';
import {
  getCatalog, getSession, signIn, signOut, within, whatIf, exportSelection, exportFiltered, NetworkError, HttpError,
} from '../core/api.js';
import { getLang, setLang, onLangChange, pick, htmlLang, t, translate } from '../core/i18n.js';
import './strings.js'; // registers the workspace's strings before anything asks for them
import { ImportPanel } from './import-panel.js';
import { loadLeafletDraw } from './leaflet-global.js';
import { MapLayers } from './map-layers.js';
import { LayersPanel } from './layers-panel.js';
import { DrawTools, SHAPES_BY_MODE } from './draw-tools.js';
import { ResultsPanel, enumTitle } from './results-panel.js';
import { splitFilter } from './filters.js';
import { decorateProjectPopup } from './project-timeline.js';
import { ReachLayer } from './reach-layer.js';
import { formatArea, formatLength } from '../core/format.js';
import { SessionHeader } from '../core/session-header.js';
import { localizeDraw } from './draw-local.js';
import { PlaceSearch, buildPlaceIndex } from '../core/place-search.js';
import { Highlighter, HIGHLIGHT_STYLE } from '../map/highlight-layer.js';
import { NorthArrow } from '../map/north-arrow.js';
import { SyntheticAttribution } from '../map/attribution.js';
import { ReviewPanel } from './review-panel.js';
import { WatchReach } from './watch-reach.js';
import { listenForChanges } from '../core/live.js';

const ROLES = ['public', 'leader', 'planner', 'admin'];
const FIT_LAYER_ID = 'district';
const DEFAULT_REACH = { greenway: 1000, water_works: 500 };
const PLACE_LAYERS = { town: 'towns', village: 'villages', project: 'projects' };
const FOUND_PANE = 'planner-found';
const FOUND_Z = 640; // above the layers and the drawing, below the popups

const $ = (selector) => document.querySelector(selector);
const dom = {
  body: document.body,
  title: $('#app-title'),
  badge: $('#app-badge'),
  tools: $('.xt-header__tools'),
  searchSlot: $('#search-slot'),
  print: $('#print-button'),
  skip: $('#skip-link'),
  readonlyNote: $('#readonly-note'),
  analysis: $('#tools'),
  langGroup: $('#lang-switch'),
  langButtons: [...document.querySelectorAll('#lang-switch [data-lang]')],
  notice: $('#notice'),
  noticeLabel: $('#notice [data-ref="label"]'),
  noticeText: $('#notice [data-ref="text"]'),
  signin: $('#signin'),
  signinForm: $('#signin-form'),
  signinError: $('#signin-error'),
  workspace: $('#workspace'),
  layerList: $('#layer-list'),
  map: $('#map'),
  modes: $('#modes'),
  distance: $('#distance'),
  distanceLabel: $('#distance-label'),
  drawbar: $('#drawbar'),
  hint: $('#draw-hint'),
  finish: $('#draw-finish'),
  undo: $('#draw-undo'),
  measure: $('#draw-measure'),
  results: $('#results-body'),
  importForm: $('#import-form'),
  importFile: $('#import-file'),
  importTitle: $('#import-title-input'),
  importCrs: $('#import-crs'),
  importGcj02: $('#import-gcj02'),
  importTowgs84: $('#import-towgs84'),
  importCsv: {
    fieldset: $('#import-csv'), encoding: $('#import-encoding'), join: $('#import-join'), lon: $('#import-lon'),
    lat: $('#import-lat'), joinColumn: $('#import-join-column'),
  },
  importWarnings: $('#import-warnings'),
  importStatus: $('#import-status'),
  importedList: $('#imported-list'),
  reviews: { section: $('#reviews'), status: $('#reviews-status'), list: $('#review-list') },
  watchReach: {
    section: $('#watch-reach'), form: $('#watch-reach-form'), layer: $('#watch-reach-layer'),
    distance: $('#watch-reach-distance'), status: $('#watch-reach-status'), table: $('#watch-reach-table'),
  },
  exportForm: $('#export-form'),
  exportLayer: $('#export-layer'),
  exportFormat: $('#export-format'),
  exportStatus: $('#export-status'),
  error: $('#error'),
  errorTitle: $('#error [data-ref="title"]'),
  errorText: $('#error [data-ref="text"]'),
  errorReload: $('#error [data-ref="reload"]'),
};

const state = {
  session: null,
  catalog: null,
  map: null,
  attribution: null, // map/attribution.js
  layers: null,
  panel: null,
  draw: null,
  results: null,
  mode: 'within',
  request: 0,
  lastAnswer: null,
  lastRequest: null,
  lastShape: null, // {geometry, distance, shape, mode} of the last drawing, for exports and re-runs
  reach: null,
  progress: null,
  imports: null,
  reviews: null,
  live: null, // core/live.js: the `review` events of /events
  lastExport: null,
  error: null,
};

const reaches = (role, least) => ROLES.indexOf(role) >= ROLES.indexOf(least);

// ---- words

function renderChrome() {
  const lang = getLang();
  document.documentElement.lang = htmlLang(lang);
  const title = state.catalog ? pick(state.catalog.title, lang) : t('app.name', {}, lang);
  document.title = `${title} · ${t('planner.badge')}`;
  dom.title.textContent = title;
  dom.badge.textContent = t('planner.badge');
  dom.langGroup.setAttribute('aria-label', t('lang.group', {}, lang));
  dom.print.title = t('print.title', {}, lang);
  for (const b of dom.langButtons) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  translate(document);
  dom.skip.textContent = t('skip.main', {}, lang);
  if (state.catalog?.notice) {
    dom.noticeLabel.textContent = t('notice.label', {}, lang);
    dom.noticeText.textContent = pick(state.catalog.notice, lang);
    dom.notice.hidden = false;
  }
  dom.map.setAttribute('aria-label', t('map.label', {}, lang));
  renderMode();
  if (state.error) {
    dom.errorTitle.textContent = t('planner.error.title');
    dom.errorText.textContent = state.error.message || String(state.error);
    dom.errorReload.textContent = t('error.reload');
  }
}

function renderMode() {
  const mode = state.mode;
  dom.distanceLabel.textContent = t(mode === 'within' ? 'distance.within' : 'distance.reach');
  dom.distance.closest('label').hidden = mode === 'measure';
  dom.distance.min = mode === 'within' ? '0' : '1';
  for (const b of dom.drawbar.querySelectorAll('[data-draw]')) {
    if (b.dataset.draw !== 'clear') b.hidden = !SHAPES_BY_MODE[mode].includes(b.dataset.draw);
  }
  renderProgress();
  if (!state.draw?.drawing) dom.hint.textContent = t(`hint.${mode}`);
}

/** The drawing in progress: the hint for its shape, its vertices and approximate size, the finish button. */
function renderProgress() {
  const p = state.progress;
  const lang = getLang();
  dom.finish.hidden = !p || p.shape === 'point';
  dom.undo.hidden = dom.finish.hidden;
  dom.finish.disabled = !p?.canFinish;
  dom.undo.disabled = !p || p.vertices === 0;
  if (!p) {
    dom.measure.hidden = true;
    dom.measure.textContent = '';
    return;
  }
  dom.hint.textContent = t(`hint.draw.${p.shape}`);
  const parts = [t('draw.vertices', { n: p.vertices })];
  if (p.length_m > 0) parts.push(t(p.shape === 'polygon' ? 'draw.perimeter' : 'draw.length', { length: formatLength(p.length_m, lang) }));
  if (p.area_m2 > 0) parts.push(t('draw.area', { area: formatArea(p.area_m2, lang) }));
  dom.measure.textContent = parts.join(lang === 'zh' ? '，' : ', ');
  dom.measure.hidden = p.shape === 'point';
  dom.measure.dataset.area = String(Math.round(p.area_m2));
}

function fail(error) {
  state.error = error;
  window.APP.error = String(error && error.message ? error.message : error);
  console.warn(error); // a warning, not an error: the page shows it in its own alert
  dom.error.hidden = false;
  dom.body.dataset.ready = 'error';
  renderChrome();
}

// ---- sign-in

function showSignIn(message = '') {
  dom.workspace.hidden = true;
  dom.signin.hidden = false;
  dom.skip.href = '#signin';
  dom.signinError.hidden = !message;
  dom.signinError.textContent = message;
  dom.body.dataset.ready = 'signin';
  renderChrome();
  $('#signin-name').focus();
}

async function onSignIn(event) {
  event.preventDefault();
  const data = new FormData(dom.signinForm);
  const submit = $('#signin-submit');
  submit.disabled = true;
  try {
    const session = await signIn(String(data.get('name') || ''), String(data.get('password') || ''));
    state.session = session;
    state.header.setSession(session);
    if (!reaches(session.role, 'leader')) {
      await signOut();
      state.header.setSession(null);
      showSignIn(t('signin.role', { role: t(`role.${session.role}`) }));
      return;
    }
    dom.signinForm.reset();
    startWorkspace().catch(fail);
  } catch (error) {
    const detail = error instanceof NetworkError ? t('error.network') : (error.problem?.detail || error.message);
    showSignIn(t('signin.failed', { detail }));
  } finally {
    submit.disabled = false;
  }
}

/** A sign-out in the header: the workspace goes (the page shows the sign-in form again). */
function onSessionChange(session) {
  if (!session?.signedIn) window.location.reload();
}

// ---- workspace

/** Leaflet's zoom buttons with their titles in the interface language (made again when it changes). */
function addZoomControl() {
  state.zoom?.remove();
  state.zoom = control.zoom({ zoomInTitle: t('zoom.in'), zoomOutTitle: t('zoom.out') }).addTo(state.map);
}

/** The workspace; a leader sees it read only (layers, features, imported layers; no analysis, import or edit). */
async function startWorkspace() {
  const readOnly = !reaches(state.session?.role, 'planner');
  dom.signin.hidden = true;
  dom.workspace.hidden = false;
  dom.skip.href = '#workspace';
  dom.readonlyNote.hidden = !readOnly;
  dom.analysis.hidden = readOnly;
  dom.importForm.hidden = readOnly;
  dom.workspace.classList.toggle('is-readonly', readOnly);
  dom.body.dataset.ready = 'false';
  renderChrome();
  state.catalog = await getCatalog();
  const map = createMap(dom.map, {
    zoomSnap: 0.25, zoomDelta: 0.5, attributionControl: false, boxZoom: false, zoomControl: false,
  });
  state.map = map;
  addZoomControl();
  state.attribution = new SyntheticAttribution(map, { prefix: false });
  control.scale({ metric: true, imperial: false, position: 'bottomleft' }).addTo(map);
  state.north = new NorthArrow({ title: t('map.north') }).addTo(map);
  state.layers = new MapLayers(map, state.catalog, {
    decoratePopup: (def, feature, root) => {
      if (def.id === 'projects') {
        decorateProjectPopup(def, feature, root, {
          canEdit: () => reaches(state.session?.role, 'planner'),
          onChanged: () => {},
        });
      }
    },
  });
  const [L] = await Promise.all([loadLeafletDraw(), state.layers.load()]);
  state.L = L;
  localizeDraw(L);
  const bounds = state.layers.bounds(FIT_LAYER_ID);
  if (bounds) map.fitBounds(bounds, { padding: [8, 8], animate: false });
  else map.setView([29.84, 106.05], 11);
  state.places = placeLists(state.layers);
  startPlaceSearch(map);
  state.panel = new LayersPanel(dom.layerList, state.layers, {
    onError: fail,
    places: (field) => state.places[field.name] ?? null,
    valueTitle: (layerId, field, value) => enumTitle(state.catalog, layerId, value, field.name),
  });
  state.panel.render();
  state.results = new ResultsPanel(dom.results, state.catalog);
  state.results.clear();
  state.draw = new DrawTools(L, map, onDrawn, {
    onProgress: (p) => {
      state.progress = p;
      renderProgress();
      if (!p && !state.lastShape) dom.hint.textContent = t(`hint.${state.mode}`);
    },
  });
  // Every feature of a layer, drawn at this zoom or not (industry bases start above the county view's zoom).
  state.reach = new ReachLayer(L, map,
    (layerId) => state.layers.scale.members(layerId).map((l) => ({ feature: l.feature })));
  state.imports = new ImportPanel({
    form: dom.importForm, file: dom.importFile, title: dom.importTitle, crs: dom.importCrs,
    gcj02: dom.importGcj02, towgs84: dom.importTowgs84, csv: dom.importCsv, warnings: dom.importWarnings,
    status: dom.importStatus, list: dom.importedList,
  }, map, { onImported: renderExportLayers });
  await state.imports.load();
  state.reviews = new ReviewPanel(dom.reviews, map, {
    villages: () => {
      const out = [];
      state.layers.entry('villages')?.layer?.eachLayer((l) => out.push({ feature: l.feature, layer: l }));
      return out;
    },
    canResolve: ['leader', 'admin'].includes(state.session?.role), // the roles that may see household data
  });
  await state.reviews.load();
  // the relapse watch's question for planners (counts by town only): signed-in leaders, planners and admins
  state.watchReach = new WatchReach(dom.watchReach, map, () => featuresOf('towns'));
  state.watchReach.show(['leader', 'planner', 'admin'].includes(state.session?.role));
  // a review opened or resolved anywhere (a cadre's update, another leader): counts and list follow live;
  // after a gap in the stream or a server restart, read them again too
  state.live = listenForChanges({
    kinds: ['review'],
    delay: 300,
    onChange: () => state.reviews.load().catch((e) => console.warn('Xiangtu: reviews not reloaded.', e)),
  });
  renderExportLayers();
  renderChrome();
  dom.body.dataset.ready = 'true';
}

/** The loaded features of a catalogue layer (GeoJSON). */
function featuresOf(layerId) {
  const out = [];
  state.layers.entry(layerId)?.layer?.eachLayer((l) => {
    if (l.feature) out.push(l.feature);
  });
  return out;
}

/** The place search in the header: towns, villages and projects the workspace has loaded. */
function startPlaceSearch(map) {
  map.createPane(FOUND_PANE).style.zIndex = String(FOUND_Z);
  // the place's outline over a light fill: its own features and labels stay readable
  state.found = new Highlighter(map, {
    pane: FOUND_PANE, maxZoom: 16, style: { ...HIGHLIGHT_STYLE, weight: 4, fillOpacity: 0.15 },
  });
  const loaded = Object.fromEntries(Object.entries(PLACE_LAYERS).map(([kind, id]) => [kind, featuresOf(id)]));
  // kept from the unfiltered layers: a place stays findable while a filter hides it
  state.placeFeatures = new Map(Object.entries(loaded).flatMap(([kind, features]) => features.map((f) => [
    `${kind}:${kind === 'project' ? String(f.id ?? f.properties?.name) : f.properties?.code}`, f])));
  state.search ??= new PlaceSearch(dom.searchSlot, { onSelect: onPlaceChosen });
  state.search.setIndex(buildPlaceIndex({ towns: loaded.town, villages: loaded.village, projects: loaded.project }));
  dom.searchSlot.hidden = false;
  dom.print.hidden = false;
}

/** A place chosen in the search box: the map zooms to it and outlines it (the rest dims until the next drawing). */
function onPlaceChosen(entry) {
  const feature = state.placeFeatures.get(`${entry.kind}:${entry.code}`);
  if (feature) state.found.show([feature], { padding: [32, 32] });
  // a town fills the villages' town filter, to apply with one click
  if (entry.kind === 'town' && state.places.town_code) {
    state.panel.prefill('villages', { field: 'town_code', kind: 'enum', value: entry.code });
  }
}

/** Town and village names for the code fields that refer to them, read once from the unfiltered layers. */
function placeLists(layers) {
  const named = (id) => {
    const out = [];
    layers.entry(id)?.layer?.eachLayer((l) => {
      const p = l.feature?.properties;
      if (p?.code && p?.name) out.push({ value: String(p.code), label: String(p.name) });
    });
    return out.sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  };
  const towns = named('towns');
  const villages = named('villages');
  const lists = {};
  if (towns.length) lists.town_code = towns;
  if (villages.length) lists.village_code = villages;
  return lists;
}

/** The layers a selection can be exported from: the catalogue's spatial layers, then the imported ones. */
function renderExportLayers() {
  const lang = getLang();
  const options = state.catalog.layers.filter((l) => l.geometry && l.geometry !== 'None')
    .map((l) => [l.id, pick(l.title, lang)]);
  for (const { info } of state.imports?.layers.values() ?? []) options.push([info.id, info.title]);
  const chosen = dom.exportLayer.value || 'villages';
  dom.exportLayer.replaceChildren(...options.map(([id, title]) => {
    const o = document.createElement('option');
    o.value = id;
    o.textContent = title;
    o.selected = id === chosen;
    return o;
  }));
}

/** Exports the chosen layer's features within the last drawing (and its distance) as a download. */
async function onExport(event) {
  event.preventDefault();
  const byFilter = dom.exportForm.querySelector('input[name="scope"]:checked')?.value === 'filter';
  if (!byFilter && !state.lastShape) {
    dom.exportStatus.textContent = t('export.needShape');
    return;
  }
  try {
    const layer = dom.exportLayer.value;
    const filter = state.layers.entry(layer)?.filter ?? null;
    const { equal } = splitFilter(filter);
    if (byFilter && filter && !['enum', 'boolean'].includes(filter.kind)) {
      // ranges and "contains" are tested in the page; the server exports by field values only
      dom.exportStatus.textContent = t('export.filterNotServer');
      return;
    }
    const { blob, fileName } = byFilter
      ? await exportFiltered(layer, dom.exportFormat.value, equal)
      : await exportSelection(layer, dom.exportFormat.value, state.lastShape.geometry, state.lastShape.distance);
    if (byFilter) state.lastExportFilter = equal;
    state.lastExport = { fileName, size: blob.size, type: blob.type };
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    dom.exportStatus.textContent = t('export.done', { file: fileName })
      + (byFilter && Object.keys(equal).length === 0 ? ` ${t('export.needFilter')}` : '');
  } catch (error) {
    state.lastExport = { error: error.problem?.detail || error.message };
    dom.exportStatus.textContent = t('export.failed', { detail: error.problem?.detail || error.message });
  }
}

/** The same path for every finished shape: ask the server, show the answer. */
async function onDrawn(geometry, shape) {
  const mode = state.mode;
  if (!SHAPES_BY_MODE[mode].includes(shape)) return;
  const id = ++state.request;
  const distance = Number(dom.distance.value || 0);
  state.lastShape = { geometry, distance: mode === 'within' ? distance : 0, shape, mode };
  if (mode === 'within' || mode === 'measure') state.reach?.clear();
  dom.hint.textContent = t(`hint.${mode}`);
  state.results.working();
  dom.body.dataset.busy = 'true';
  try {
    let answer;
    if (mode === 'within') {
      state.lastRequest = { path: '/api/analysis/within', body: { geometry, distance } };
      answer = await within(geometry, distance);
    } else if (mode === 'measure') {
      state.lastRequest = { path: '/api/analysis/within', body: { geometry, distance: 0 } };
      answer = await within(geometry, 0);
    } else {
      const reach = distance >= 1 ? distance : DEFAULT_REACH[mode];
      state.lastRequest = { path: '/api/analysis/whatif', body: { kind: mode, geometry, reach } };
      answer = await whatIf(mode, geometry, reach);
    }
    if (id !== state.request) return;
    state.lastAnswer = answer;
    if (mode === 'within') state.results.within(answer);
    else if (mode === 'measure') state.results.measure(answer);
    else {
      state.results.whatIf(answer);
      state.reach?.show(geometry, answer);
    }
  } catch (error) {
    if (id !== state.request) return;
    state.lastAnswer = null;
    if (error instanceof HttpError && error.status === 401) {
      showSignIn(t('signin.failed', { detail: error.message }));
      return;
    }
    state.results.error(error.problem?.detail || error.message);
  } finally {
    if (id === state.request) dom.body.dataset.busy = 'false';
  }
}

/** A new distance or reach re-asks the question of the shape last drawn in this mode. */
function onDistanceChange() {
  const last = state.lastShape;
  if (!last || last.mode !== state.mode || state.mode === 'measure') return;
  if (state.mode !== 'within' && Number(dom.distance.value) < 1) return;
  onDrawn(last.geometry, last.shape);
}

function setMode(mode) {
  state.mode = mode;
  state.draw?.stop();
  state.reach?.clear();
  if (mode !== 'within' && Number(dom.distance.value) < 1) dom.distance.value = String(DEFAULT_REACH[mode] ?? 0);
  if (mode === 'within') dom.distance.value = '0';
  const radio = dom.modes.querySelector(`input[value="${mode}"]`);
  if (radio) radio.checked = true;
  renderMode();
}

// ---- wiring

dom.signinForm.addEventListener('submit', onSignIn);
state.header = new SessionHeader(dom.tools, { page: 'planner', signIn: false, onChange: onSessionChange });
dom.exportForm.addEventListener('submit', onExport);
dom.errorReload.addEventListener('click', () => window.location.reload());
for (const b of dom.langButtons) b.addEventListener('click', () => setLang(b.dataset.lang));
dom.modes.addEventListener('change', (e) => {
  if (e.target.name === 'mode') setMode(e.target.value);
});
dom.drawbar.addEventListener('click', (e) => {
  const button = e.target.closest('[data-draw]');
  if (!button || !state.draw) return;
  if (button.dataset.draw === 'clear') {
    state.draw.clear();
    state.reach?.clear();
    state.lastShape = null;
    state.results.clear();
    return;
  }
  if (button.dataset.draw === 'finish') {
    state.draw.finish();
    return;
  }
  if (button.dataset.draw === 'undo') {
    state.draw.undo();
    return;
  }
  state.found?.clear();
  state.draw.start(button.dataset.draw);
});
dom.distance.addEventListener('change', onDistanceChange);
dom.print.addEventListener('click', () => window.print());
/** The print layout (planner.css) gives the map another size: keep its centre when printing starts and ends. */
function fitForMedia() {
  state.map?.invalidateSize({ animate: false, pan: true });
}
window.addEventListener('beforeprint', fitForMedia);
window.addEventListener('afterprint', fitForMedia);
window.matchMedia('print').addEventListener('change', fitForMedia);
onLangChange(() => {
  window.APP.lang = getLang();
  renderChrome();
  state.panel?.render();
  state.results?.rerender();
  state.imports?.render();
  state.reviews?.render();
  state.watchReach?.show(!dom.watchReach.section.hidden);
  state.layers?.refreshPopups();
  if (state.catalog) renderExportLayers();
  if (state.map) addZoomControl();
  state.search?.render();
  state.north?.setTitle(t('map.north'));
  if (state.L) localizeDraw(state.L);
  state.attribution?.setLang();
  state.layers?.scale.relabel(); // English labels are the places' pinyin
});

window.APP = {
  lang: getLang(),
  error: null,
  get session() { return state.session; },
  get mode() { return state.mode; },
  get result() { return state.lastAnswer; },
  get request() { return state.lastRequest; },
  get map() { return state.map; },
  get layers() {
    const out = {};
    for (const e of state.layers?.entries ?? []) {
      out[e.def.id] = { visible: e.visible, featureCount: e.shown, total: e.total, opacity: e.opacity };
    }
    return out;
  },
  get order() { return (state.layers?.entries ?? []).map((e) => e.def.id); },
  /** The last import's answer (the new layer with its report), and the imported layers drawn. */
  get lastImport() { return state.imports?.lastReport ?? null; },
  get imported() {
    return [...(state.imports?.layers.values() ?? [])].map(({ info, layer, visible }) => ({
      id: info.id, title: info.title, features: layer.getLayers().length, visible, published: Boolean(info.published),
      onMap: state.map.hasLayer(layer),
      bounds: layer.getBounds().isValid() ? layer.getBounds().toBBoxString() : null,
    }));
  },
  /** Opens the popup of an imported layer's first feature; returns whether there was one. */
  openImportedPopup: (layerId) => {
    const first = state.imports?.layers.get(layerId)?.layer.getLayers()[0];
    if (!first) return false;
    first.openPopup();
    return true;
  },
  /** What the last what-if shows on the map: {reach, added: village ids, addedBases: industry base ids outlined}. */
  get reach() { return state.reach?.shown ?? null; },
  /** The drawing in progress: {shape, vertices, area_m2, length_m, canFinish} or null. */
  get drawing() { return state.progress; },
  /** The last export: {fileName, size, type} or {error}. */
  get lastExport() { return state.lastExport; },
  /** The field values the last export by filter sent. */
  get lastExportFilter() { return state.lastExportFilter ?? null; },
  setMode,
  /** Places a GeoJSON geometry as a finished drawing (the path a hand-drawn shape takes). */
  draw: (geometry) => state.draw.place(geometry),
  openPopup: (layerId, featureId) => state.layers.openPopup(layerId, featureId),
};

(async function boot() {
  renderChrome();
  try {
    state.session = await getSession();
    state.header.setSession(state.session);
    if (state.session.signedIn && reaches(state.session.role, 'leader')) await startWorkspace();
    else showSignIn();
  } catch (error) {
    fail(error);
  }
}());

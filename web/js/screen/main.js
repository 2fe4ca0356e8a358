// Entry module of the public display screen (/screen): the tour of scenes from scenes.json, the map,
// KPI tiles and one chart per scene, the clock, live updates from /events and the offline badge.
// Built to run for weeks: every DOM node, layer, chart and timer is made once and reused.

import {
  getCatalog, getItems, getDashboard, getProject, getJson, NetworkError, getWatchSummary,
} from '../core/api.js';
import { getLang, setLang, onLangChange, t, pick, htmlLang } from '../core/i18n.js';
import './strings.js'; // registers the screen's strings before anything asks for them
import { formatKpi, formatDate, formatMetric, METRIC_UNITS } from '../core/format.js';
import { parseScreenParams } from '../core/params.js';
import { buildTour, tourLayers, step } from './scenes.js';
import { LiveLink } from '../core/live-link.js';
import { ScreenMap, stageScale } from './screen-map.js';
import { themeById } from '../map/themes.js';
import { chartFor, catalogLabels, townTable } from './chart.js';

const CONFIG_URL = '/screen/scenes.json';
/** Layers fetched whatever the scenes say: the district gives the home view, the towns the town views. */
const ALWAYS = ['district', 'towns'];
const FEED_SIZE = 5;
/** The public project history (status and progress only: its other fields are not public). */
const HISTORY_URL = '/ogc/collections/project_updates/items?limit=10000';
const REFRESH_DEBOUNCE_MS = 300;
const RETRY_MS = 5000;

const $ = (selector) => document.querySelector(selector);
const dom = {
  body: document.body,
  title: $('#title'),
  badge: $('#badge'),
  scene: $('#scene-title'),
  offline: $('#offline'),
  paused: $('#paused'),
  asOf: $('#asof'),
  clock: $('#clock'),
  kpis: $('#kpis'),
  map: $('#map'),
  legend: $('#legend'),
  chartTitle: $('#chart-title'),
  chart: $('#chart'),
  table: $('#town-table'),
  feedTitle: $('#feed-title'),
  feed: $('#feed'),
  dots: $('#dots'),
  notice: $('#notice'),
  status: $('#status'),
};

const state = {
  config: null,
  catalog: null,
  labels: null,
  tour: [],
  index: 0,
  dwellMs: 20000,
  transitionMs: 600,
  paused: false,
  timer: null, // the one tour timer
  refreshTimer: null, // the one debounced refresh
  retryTimer: null, // the one retry after a failed load
  nav: 0, // id of the latest scene change; older answers are dropped
  cache: new Map(), // scene data key → {dashboard, stale, at}; at most one entry per scene
  shown: null, // {scene, dashboard} on screen now
  map: null,
  chart: null,
  tiles: [], // reused KPI tiles
  dotItems: [],
  feed: [], // last FEED_SIZE updates, newest first
  live: null,
  offlineSince: null,
  scenesShown: 0,
  refreshes: 0,
};

// ---- data

function dataKey(scene) {
  if (scene.watch) return 'watch';
  return scene.town ? `town:${scene.town.code}` : 'district';
}

/** Households' counts are tiles like the dashboard's KPIs: a withheld one says so. */
const WATCH_FIGURES = ['households_monitored', 'households_open'];
const WATCH_MAX_AGE_MS = 60_000; // the watch's records change without a public event: read again after a minute

/**
 * The watch scene's data: the district's dashboard (map, as-of date) with the public watch summary on that
 * date as its KPIs (`watch_*`, withheld ones null with `suppressed`) and as `watch` (the monthly series).
 */
async function watchDashboard() {
  const district = state.cache.get('district')?.dashboard ?? await getDashboard();
  const summary = await getWatchSummary({ asOf: district.asOf });
  const kpis = WATCH_FIGURES.map((id) => ({
    id: `watch_${id}`,
    label: { zh: t(`screen.watch.${id}`, {}, 'zh'), en: t(`screen.watch.${id}`, {}, 'en') },
    value: summary.totals[id]?.value ?? null,
    suppressed: Boolean(summary.totals[id]?.suppressed),
    unit: { zh: '户', en: 'households' },
    withheldNote: true,
  }));
  return { ...district, kpis, watch: summary };
}

/** The scene's dashboard: the cached one unless stale; on a network failure the last one known. */
async function dashboardFor(scene) {
  const key = dataKey(scene);
  const cached = state.cache.get(key);
  const young = (entry) => !scene.watch || Date.now() - entry.at.getTime() < WATCH_MAX_AGE_MS;
  if (cached && !cached.stale && young(cached)) return cached.dashboard;
  try {
    const dashboard = scene.watch ? await watchDashboard()
      : await getDashboard({ town: scene.town ? scene.town.code : null });
    state.cache.set(key, { dashboard, stale: false, at: new Date() });
    return dashboard;
  } catch (error) {
    if (error instanceof NetworkError) state.live?.reportNetworkFailure();
    if (cached) return cached.dashboard;
    throw error;
  }
}

function markAllStale() {
  for (const entry of state.cache.values()) entry.stale = true;
}

// ---- words and chrome

function scale() {
  return stageScale();
}

function hhmm(date, seconds = false) {
  return new Intl.DateTimeFormat(htmlLang(), {
    hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}), hour12: false,
  }).format(date);
}

function renderChrome() {
  const lang = getLang();
  document.documentElement.lang = htmlLang(lang);
  const title = state.catalog ? pick(state.catalog.title, lang) : t('app.name', {}, lang);
  document.title = `${title} · ${t('screen.badge')}`;
  dom.title.textContent = title;
  dom.badge.textContent = t('screen.badge');
  // the wall screen stays anonymous: no sign-in, one link to the cockpit (in the same language)
  const link = document.getElementById('cockpit-link');
  link.textContent = t('header.page.cockpit');
  link.href = getLang() === 'en' ? '/?lang=en' : '/';
  dom.notice.textContent = state.catalog?.notice ? pick(state.catalog.notice, lang) : '';
  dom.notice.hidden = !state.catalog?.notice;
  dom.paused.textContent = t('screen.paused');
  dom.paused.hidden = !state.paused;
  dom.feedTitle.textContent = t('screen.feed');
  renderOffline();
  renderFeed();
  renderClock();
}

function renderClock() {
  const now = new Date();
  const text = hhmm(now, true);
  if (dom.clock.textContent !== text) dom.clock.textContent = text;
  dom.clock.dateTime = now.toISOString();
}

function renderOffline() {
  dom.offline.hidden = state.offlineSince === null;
  dom.offline.textContent = state.offlineSince ? t('screen.offline', { time: hhmm(state.offlineSince) }) : '';
  dom.body.dataset.online = String(state.offlineSince === null);
}

function renderAsOf(scene) {
  const entry = state.cache.get(dataKey(scene));
  const dashboard = entry?.dashboard;
  dom.asOf.textContent = dashboard
    ? `${t('screen.asOf', { date: formatDate(dashboard.asOf, getLang()) })} · ${t('screen.refreshed', { time: hhmm(entry.at) })}`
    : '';
}

function renderFeed() {
  const lang = getLang();
  const items = state.feed.length === 0 ? [{ text: t('screen.feedEmpty'), empty: true }] : state.feed.map((u) => ({
    text: u.kind === 'layer'
      ? t('screen.layerChanged', { layer: u.layer })
      : t('screen.progress', { name: u.name, status: state.labels.status(u.status, lang).name, pct: u.pct }),
    time: u.at,
    day: u.day ? String(u.day) : null,
  }));
  const nodes = items.map((item) => {
    const li = document.createElement('li');
    li.className = item.empty ? 'xs-feed__item xs-feed__item--empty' : 'xs-feed__item';
    if (item.time) {
      const time = document.createElement('time');
      time.className = 'xs-feed__time';
      time.textContent = item.day ? item.day.slice(5, 10) : hhmm(item.time);
      li.append(time, ' ');
    }
    li.append(item.text);
    return li;
  });
  dom.feed.replaceChildren(...nodes);
  // as many whole lines as the panel holds: the oldest go first, nothing is cut
  const panel = dom.feed.parentElement;
  const bottom = panel.getBoundingClientRect().bottom - parseFloat(getComputedStyle(panel).paddingBottom || '0');
  while (dom.feed.children.length > 1 && dom.feed.lastElementChild.getBoundingClientRect().bottom > bottom + 0.5) {
    dom.feed.lastElementChild.remove();
  }
}

// ---- KPI tiles, chart, legend, dots (created once, then updated)

function tile(i) {
  while (state.tiles.length <= i) {
    const root = document.createElement('div');
    root.className = 'xs-kpi';
    const label = document.createElement('p');
    label.className = 'xs-kpi__label';
    const value = document.createElement('p');
    value.className = 'xs-kpi__value';
    const number = document.createElement('span');
    number.className = 'xs-kpi__number';
    const unit = document.createElement('span');
    unit.className = 'xs-kpi__unit';
    value.append(number, unit);
    root.append(label, value);
    dom.kpis.append(root);
    state.tiles.push({ root, label, number, unit });
  }
  return state.tiles[i];
}

function renderKpis(scene, dashboard) {
  const lang = getLang();
  const byId = new Map(dashboard.kpis.map((k) => [k.id, k]));
  const kpis = (scene.kpis ?? []).map((id) => byId.get(id)).filter(Boolean);
  kpis.forEach((kpi, i) => {
    const el = tile(i);
    const { number, unit } = formatKpi(kpi, lang);
    el.root.hidden = false;
    el.root.dataset.kpiId = kpi.id;
    el.root.dataset.value = kpi.value === null ? '' : String(kpi.value);
    el.label.textContent = pick(kpi.label, lang);
    el.number.textContent = number;
    el.unit.textContent = kpi.withheldNote && kpi.suppressed ? t('screen.watch.withheld', {}, lang) : unit;
  });
  for (let i = kpis.length; i < state.tiles.length; i += 1) {
    state.tiles[i].root.hidden = true;
    delete state.tiles[i].root.dataset.kpiId;
  }
}

function renderChart(scene, dashboard) {
  if (!state.chart) return;
  const spec = scene.chart ?? { type: 'income' };
  // the towns' comparison is a table, wide: it takes the KPI column's room (the map keeps its size)
  const wide = spec.type === 'townTable';
  dom.body.dataset.layout = wide ? 'wide' : 'normal';
  dom.table.hidden = !wide;
  dom.chart.hidden = wide;
  dom.chart.dataset.chart = spec.type ?? '';
  if (wide) {
    const table = townTable(spec, dashboard, { lang: getLang(), breaks: state.map?.breaks,
      townName: (town, lang) => state.map?.townName(town.code, town.name, lang) ?? town.name });
    dom.chartTitle.textContent = table.title;
    renderTable(table);
    state.chart.clear();
    return;
  }
  const { title, option } = chartFor(spec, dashboard,
    { lang: getLang(), scale: scale(), labels: state.labels, breaks: state.map?.breaks });
  dom.chartTitle.textContent = title;
  state.chart.resize();
  state.chart.setOption(option, { notMerge: true, lazyUpdate: false });
}

/** The comparison table: a row a town, per metric its value (with its class colour) and its rank. */
function renderTable({ columns, rows }) {
  const lang = getLang();
  const head = document.createElement('tr');
  const corner = document.createElement('th');
  corner.scope = 'col';
  corner.className = 'xs-table__town';
  corner.textContent = t('screen.table.town', {}, lang);
  head.append(corner, ...columns.map((column) => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.dataset.metric = column.id;
    const name = document.createElement('span');
    name.className = 'xs-table__name';
    name.textContent = column.name;
    const unit = document.createElement('span');
    unit.className = 'xs-table__unit';
    unit.textContent = t('screen.table.unitRank', { unit: column.unit }, lang);
    th.append(name, unit);
    return th;
  }));
  const body = rows.map((row) => {
    const tr = document.createElement('tr');
    tr.dataset.code = row.code;
    const th = document.createElement('th');
    th.scope = 'row';
    th.className = 'xs-table__town';
    th.textContent = row.name;
    tr.append(th, ...row.cells.map((cell) => {
      const td = document.createElement('td');
      td.dataset.metric = cell.metric;
      td.dataset.value = cell.value === null ? '' : String(cell.value);
      td.dataset.rank = cell.rank === null ? '' : String(cell.rank);
      const swatch = document.createElement('span');
      swatch.className = 'xs-table__swatch';
      swatch.style.background = cell.color ?? 'transparent';
      const value = document.createElement('span');
      value.className = 'xs-table__value';
      value.textContent = cell.text;
      td.append(swatch, value);
      if (cell.rank !== null) {
        const rank = document.createElement('span');
        rank.className = 'xs-table__rank';
        rank.textContent = String(cell.rank);
        td.append(rank);
      }
      return td;
    }));
    return tr;
  });
  const thead = document.createElement('thead');
  thead.append(head);
  const tbody = document.createElement('tbody');
  tbody.append(...body);
  dom.table.replaceChildren(thead, tbody);
}

function renderLegend(choropleth) {
  if (!choropleth) {
    dom.legend.hidden = true;
    dom.legend.replaceChildren();
    return;
  }
  const lang = getLang();
  const caption = document.createElement('p');
  caption.className = 'xs-legend__title';
  // the unit once, in the caption: the class rows stay narrow and cover little of the map
  const unit = METRIC_UNITS[choropleth.theme.kind]?.[lang];
  caption.textContent = unit ? t('screen.legend.unit', { theme: t(`theme.${choropleth.theme.id}`, {}, lang), unit }, lang)
    : t(`theme.${choropleth.theme.id}`, {}, lang);
  // one row per class, highest first, with its fixed breaks (the same on every scene of the tour)
  const list = document.createElement('ol');
  list.className = 'xs-legend__classes';
  const kind = choropleth.theme.kind;
  for (const cls of [...choropleth.classes].reverse()) {
    const li = document.createElement('li');
    li.className = 'xs-legend__class';
    li.dataset.lower = String(cls.lower);
    li.dataset.upper = String(cls.upper);
    const swatch = document.createElement('span');
    swatch.className = 'xs-legend__swatch';
    swatch.style.background = cls.color;
    const last = cls.index === choropleth.classes.length - 1;
    const value = (v) => formatMetric(v, kind, lang, { unit: false });
    li.append(swatch, last ? `≥ ${value(cls.lower)}`
      : cls.index === 0 ? `< ${value(cls.upper)}` : `${value(cls.lower)} – ${value(cls.upper)}`);
    list.append(li);
  }
  if (choropleth.noData.count > 0) {
    const li = document.createElement('li');
    li.className = 'xs-legend__class xs-legend__class--none';
    const swatch = document.createElement('span');
    swatch.className = 'xs-legend__swatch';
    swatch.style.background = choropleth.noData.color;
    li.append(swatch, t('theme.noData', {}, lang));
    list.append(li);
  }
  dom.legend.dataset.breaks = choropleth.breaks.join(',');
  dom.legend.replaceChildren(caption, list);
  dom.legend.hidden = false;
}

function renderDots() {
  if (state.dotItems.length !== state.tour.length) {
    state.dotItems = state.tour.map((scene) => {
      const li = document.createElement('li');
      li.className = 'xs-dots__dot';
      li.dataset.scene = scene.key;
      return li;
    });
    dom.dots.replaceChildren(...state.dotItems);
  }
  state.dotItems.forEach((li, i) => li.classList.toggle('is-current', i === state.index));
}

function renderScene(scene, dashboard, { animate }) {
  const lang = getLang();
  dom.scene.textContent = pick(scene.title, lang);
  dom.body.dataset.scene = scene.key;
  renderKpis(scene, dashboard);
  renderChart(scene, dashboard);
  renderLegend(state.map.show(scene, dashboard, { animate }));
  state.map.relabel(lang); // after the legend: the names keep clear of it
  renderAsOf(scene);
  renderDots();
  state.shown = { scene, dashboard };
}

/** New figures for the scene on screen: values change in place, no fade, no flight. */
function updateInPlace(scene, dashboard) {
  renderKpis(scene, dashboard);
  renderChart(scene, dashboard);
  renderLegend(state.map.retheme(scene, dashboard));
  state.map.relabel(getLang());
  renderAsOf(scene);
  state.shown = { scene, dashboard };
  state.refreshes += 1;
  dom.body.dataset.refreshes = String(state.refreshes);
}

// ---- the tour

const wait = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

function schedule() {
  clearTimeout(state.timer);
  state.timer = null;
  if (!state.paused) state.timer = setTimeout(() => go(step(state.index, 1, state.tour.length)), state.dwellMs);
}

async function go(index, { animate = true } = {}) {
  const nav = ++state.nav;
  clearTimeout(state.timer);
  state.timer = null;
  state.index = index;
  const scene = state.tour[index];
  let dashboard;
  try {
    dashboard = await dashboardFor(scene);
  } catch {
    if (nav !== state.nav) return;
    dom.status.textContent = t('screen.error');
    dom.status.hidden = false;
    schedule(); // try the next scene later; the last scene stays on screen meanwhile
    return;
  }
  if (nav !== state.nav) return;
  dom.status.hidden = true;
  if (animate && state.shown) {
    dom.body.classList.add('is-leaving');
    await wait(state.transitionMs / 2);
    if (nav !== state.nav) return;
  }
  renderScene(scene, dashboard, { animate: animate && state.shown !== null });
  dom.body.classList.remove('is-leaving');
  state.scenesShown += 1;
  dom.body.dataset.ready = 'true';
  schedule();
}

function togglePause() {
  state.paused = !state.paused;
  dom.paused.hidden = !state.paused;
  dom.body.dataset.paused = String(state.paused);
  schedule();
}

function onKey(event) {
  if (event.key === ' ' || event.code === 'Space') {
    event.preventDefault();
    togglePause();
  } else if (event.key === 'ArrowRight') {
    go(step(state.index, 1, state.tour.length));
  } else if (event.key === 'ArrowLeft') {
    go(step(state.index, -1, state.tour.length));
  }
}

// ---- live updates

/** Something changed on the server: refetch the scene on screen soon (debounced), the rest when shown. */
function refreshSoon() {
  markAllStale();
  clearTimeout(state.refreshTimer);
  state.refreshTimer = setTimeout(refreshNow, REFRESH_DEBOUNCE_MS);
}

async function refreshNow() {
  state.refreshTimer = null;
  const shown = state.shown;
  if (!shown) return;
  const nav = state.nav;
  try {
    const dashboard = await dashboardFor(shown.scene);
    if (nav === state.nav && state.shown?.scene === shown.scene) updateInPlace(shown.scene, dashboard);
  } catch {
    // still offline: the last figures stay; the next hello refreshes again
  }
}

async function onChange(event) {
  refreshSoon();
  if (event.type === 'project' && event.data?.id) {
    try {
      const { project } = await getProject(event.data.id);
      const p = project.properties ?? {};
      addFeed({ kind: 'project', id: project.id, name: p.name ?? project.id, status: p.status,
        pct: p.progress_pct, at: new Date(event.at ?? Date.now()) });
    } catch {
      // the figures still refresh; the line in the feed is only a courtesy
    }
  } else if (event.type === 'layer') {
    for (const id of event.layers ?? []) {
      const def = state.catalog.layers.find((l) => l.id === id);
      addFeed({ kind: 'layer', layer: def ? pick(def.title) : id, at: new Date(event.at ?? Date.now()) });
      if (state.map.entries.has(id)) {
        getItems(id).then((fc) => state.map.refill(id, fc)).catch(() => {});
      }
    }
  }
}

function addFeed(item) {
  state.feed = [item, ...state.feed.filter((u) => !(u.kind === 'project' && u.id === item.id))]
    .slice(0, state.feedSize ?? FEED_SIZE);
  renderFeed();
}

/**
 * The latest entries of the public project history (status and progress; notes and authors are not
 * public and never asked for), one line per project, newest first, under the live ones already shown.
 */
async function loadHistory() {
  try {
    const history = await getJson(HISTORY_URL);
    const size = state.feedSize ?? FEED_SIZE;
    const latest = new Map();
    const rows = (history.features ?? []).map((f) => f.properties ?? {}).filter((p) => p.project_id && p.at)
      .sort((a, b) => String(b.at).localeCompare(String(a.at)));
    for (const p of rows) {
      if (!latest.has(p.project_id)) latest.set(p.project_id, p);
      if (latest.size >= size) break;
    }
    const items = await Promise.all([...latest.values()].map(async (p) => {
      let name = p.project_id;
      try {
        name = (await getProject(p.project_id)).project.properties?.name ?? name;
      } catch {
        // the id stands in for the name
      }
      return { kind: 'project', id: p.project_id, name, status: p.status, pct: p.progress_pct,
        at: new Date(p.at), day: String(p.at).slice(0, 10) };
    }));
    const live = state.feed.filter((u) => !u.day);
    const seen = new Set(live.map((u) => u.id));
    state.feed = [...live, ...items.filter((u) => !seen.has(u.id))].slice(0, size);
    renderFeed();
  } catch {
    // the feed stays as it is; the next restart of the stream reads the history again
  }
}

function onHello({ restarted, reconnected }) {
  if (restarted) {
    for (const id of state.map.entries.keys()) getItems(id).then((fc) => state.map.refill(id, fc)).catch(() => {});
  }
  if (restarted || reconnected) refreshSoon();
  if (restarted) loadHistory();
}

function onStatus({ online, since }) {
  state.offlineSince = online ? null : since;
  renderOffline();
}

// ---- start

async function start() {
  const params = parseScreenParams(window.location.search);
  const [catalog, config, district] = await Promise.all([getCatalog(), getJson(CONFIG_URL), getDashboard()]);
  state.catalog = catalog;
  state.config = config;
  state.labels = catalogLabels(catalog);
  state.cache.set('district', { dashboard: district, stale: false, at: new Date() });
  state.tour = buildTour(config, district.children.filter((c) => c.level === 'town'), params.scenes,
    (metric) => themeById(metric).lagging);
  state.dwellMs = Math.round((params.dwell ?? config.dwellSeconds ?? 20) * 1000);
  state.transitionMs = Math.min(config.transitionMs ?? 600, state.dwellMs / 2);
  document.documentElement.style.setProperty('--xs-fade', `${Math.round(state.transitionMs / 2)}ms`);
  state.paused = params.paused === true;
  dom.body.dataset.paused = String(state.paused);
  renderChrome();

  state.map = new ScreenMap(dom.map, { catalog, attribution: t('attribution.synthetic') });
  state.map.fixBreaks(district.villages ?? [], config.breaks ?? {});
  state.feedSize = Math.max(1, Math.min(Number(config.feedSize) || FEED_SIZE, 10));
  loadHistory(); // the recent changes, read from the public history (not only what happens while the page is open)
  await state.map.prepare([...new Set([...ALWAYS, ...tourLayers(state.tour)])], (id) => getItems(id));
  state.chart = window.echarts.init(dom.chart, null, { renderer: 'canvas' });

  state.live = new LiveLink({ onHello, onChange, onStatus });
  state.live.start();
  setInterval(renderClock, 1000);
  document.addEventListener('keydown', onKey);
  window.addEventListener('resize', () => {
    state.map.resize();
    state.chart.resize();
    renderFeed();
    if (state.shown) renderChart(state.shown.scene, state.shown.dashboard);
  });
  onLangChange(() => {
    renderChrome();
    if (state.shown) renderScene(state.shown.scene, state.shown.dashboard, { animate: false });
  });
  await go(step(params.start ?? 0, 0, state.tour.length), { animate: false });
}

/** Test and soak hook: what is on screen, read-only. */
window.SCREEN = {
  get index() { return state.index; },
  get scene() { return state.shown?.scene.key ?? null; },
  get scenes() { return state.tour.map((scene) => scene.key); },
  get paused() { return state.paused; },
  get dwellMs() { return state.dwellMs; },
  get offlineSince() { return state.offlineSince ? state.offlineSince.toISOString() : null; },
  get scenesShown() { return state.scenesShown; },
  get refreshes() { return state.refreshes; },
  get started() { return state.live ? state.live.started : null; },
  get connections() { return state.live ? state.live.connections : 0; },
  get stalls() { return state.live ? state.live.stalls : 0; },
  get cacheSize() { return state.cache.size; },
  get feed() { return state.feed.map((u) => ({ ...u, at: u.at.toISOString() })); },
  get layers() { return state.map ? state.map.counts() : {}; },
  kpis() {
    return state.tiles.filter((tl) => !tl.root.hidden).map((tl) => ({
      id: tl.root.dataset.kpiId, value: tl.root.dataset.value, number: tl.number.textContent, unit: tl.unit.textContent,
    }));
  },
  setLang,
};

start().catch((error) => {
  console.error('The screen could not start', error);
  dom.body.dataset.ready = 'error';
  dom.status.textContent = t('screen.error');
  dom.status.hidden = false;
  // A screen nobody touches must come back by itself: retry the whole page a little later.
  state.retryTimer = setTimeout(() => window.location.reload(), RETRY_MS * 6);
});

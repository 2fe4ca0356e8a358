// Entry module of the onboarding page (issue 18, admins only): a county's file onto a catalogue layer. Pick a
// file and a target layer; the server suggests a field mapping (shown as a table the admin can change) and
// previews what it would do (counts, repaired geometry, value problems, unmatched codes, the diff by id);
// the map shows the current layer and the file's features side by side; apply (merge or replace) after a
// confirmation; the layer's versions with rollback; the mapping as JSON for `import --map FILE`. All server
// answers are read by ./onboard-api.js; every text from data is set with textContent.

import { map as createMap, control, geoJSON, circleMarker, Control, DomUtil } from 'leaflet';
import {
  getCatalog, getSession, signIn, signOut, getItems, getPlannerLayers, NetworkError, HttpError,
} from '../core/api.js';
import { getLang, setLang, onLangChange, pick, htmlLang, t, translate } from '../core/i18n.js';
import { SessionHeader } from '../core/session-header.js';
import { SyntheticAttribution } from '../map/attribution.js';
import './strings.js';
import {
  previewOnboarding, applyOnboarding, getVersions, rollbackLayer, mappingOf,
} from './onboard-api.js';

/** Layers the running product writes itself: the server refuses them as targets (Onboarding.WRITTEN_BY_THE_APP). */
const WRITTEN_BY_THE_APP = new Set(['visits', 'work_logs', 'watch_alerts', 'watch_monitoring', 'project_updates',
  'home_visits']);
const CURRENT_STYLE = { color: '#1c7ed6', weight: 2, opacity: 0.9, fillColor: '#74c0fc', fillOpacity: 0.25 };
const INCOMING_STYLE = { color: '#e8590c', weight: 2, opacity: 1, dashArray: '5 4', fillColor: '#ffa94d', fillOpacity: 0.3 };
const IDS_SHOWN = 10;

const $ = (selector) => document.querySelector(selector);
const dom = {
  body: document.body,
  title: $('#app-title'),
  badge: $('#app-badge'),
  tools: $('.xt-header__tools'),
  skip: $('#skip-link'),
  langGroup: $('#lang-switch'),
  langButtons: [...document.querySelectorAll('#lang-switch [data-lang]')],
  notice: $('#notice'),
  noticeLabel: $('#notice [data-ref="label"]'),
  noticeText: $('#notice [data-ref="text"]'),
  signin: $('#signin'),
  signinForm: $('#signin-form'),
  signinError: $('#signin-error'),
  workspace: $('#workspace'),
  sourceForm: $('#source-form'),
  file: $('#onboard-file'),
  source: $('#onboard-source'),
  target: $('#onboard-target'),
  crs: $('#onboard-crs'),
  encoding: $('#onboard-encoding'),
  gcj02: $('#onboard-gcj02'),
  status: $('#onboard-status'),
  mapping: $('#mapping'),
  mappingRows: $('#mapping-rows'),
  key: $('#mapping-key'),
  names: $('#mapping-names'),
  mode: $('#mapping-mode'),
  download: $('#mapping-download'),
  result: $('#result'),
  counts: $('#result-counts'),
  diff: $('#result-diff'),
  lists: $('#result-lists'),
  apply: $('#apply-button'),
  confirm: $('#confirm'),
  confirmText: $('#confirm-text'),
  confirmYes: $('#confirm-yes'),
  confirmNo: $('#confirm-no'),
  versions: $('#versions'),
  versionList: $('#version-list'),
  map: $('#map'),
  error: $('#error'),
  errorTitle: $('#error [data-ref="title"]'),
  errorText: $('#error [data-ref="text"]'),
  errorReload: $('#error [data-ref="reload"]'),
};

const state = {
  session: null,
  header: null,
  catalog: null,
  map: null,
  attribution: null,
  legend: null,
  current: null, // Leaflet GeoJSON layer of the target as it is now (OGC API)
  incoming: null, // Leaflet GeoJSON layer of the file's features
  incomingShown: false,
  suggestion: null,
  mapping: null, // the mapping the admin is editing ({target, fields, key?, namesAsCodes, mode})
  how: {}, // source field → how it was paired (name/title/similar/admin)
  sourceTypes: {},
  preview: null,
  previewedWith: null, // JSON of the mapping the shown preview used
  versions: [],
  lastApply: null,
  lastRollback: null,
  pendingConfirm: null,
  status: '',
  error: null,
};

const el = (tag, attrs = {}, text) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
};

// ---- words

function layerDef(id = dom.target.value) {
  return state.catalog?.layers.find((l) => l.id === id) ?? null;
}

function layerTitle(id = dom.target.value) {
  const def = layerDef(id);
  return def ? pick(def.title) : id;
}

function synthetic() {
  return state.catalog?.notice ? t('onboard.legend.synthetic') : '';
}

function renderChrome() {
  const lang = getLang();
  document.documentElement.lang = htmlLang(lang);
  const title = state.catalog ? pick(state.catalog.title, lang) : t('app.name', {}, lang);
  document.title = `${title} · ${t('onboard.badge')}`;
  dom.title.textContent = title;
  dom.badge.textContent = t('onboard.badge');
  dom.langGroup.setAttribute('aria-label', t('lang.group'));
  for (const b of dom.langButtons) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  translate(document);
  dom.skip.textContent = t('onboard.skip');
  dom.map.setAttribute('aria-label', t('map.label'));
  if (state.catalog?.notice) {
    dom.noticeLabel.textContent = t('notice.label');
    dom.noticeText.textContent = pick(state.catalog.notice, lang);
    dom.notice.hidden = false;
  }
  if (state.error) {
    dom.errorTitle.textContent = t('onboard.error.title');
    dom.errorText.textContent = state.error.message || String(state.error);
    dom.errorReload.textContent = t('error.reload');
  }
}

function fail(error) {
  state.error = error;
  window.APP.error = String(error && error.message ? error.message : error);
  console.warn(error);
  dom.error.hidden = false;
  dom.body.dataset.ready = 'error';
  renderChrome();
}

function say(text) {
  state.status = text;
  dom.status.textContent = text;
}

function detailOf(error) {
  if (error instanceof NetworkError) return t('error.network');
  if (error instanceof HttpError && error.status === 409) return t('onboard.changedSince');
  const p = error.problem;
  const field = p?.parameter ?? p?.field; // the problem names the form field at fault
  if (p) return [p.detail || p.title, field ? `(${field})` : ''].filter(Boolean).join(' ');
  return error.message || String(error);
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
    if (session.role !== 'admin') {
      await signOut();
      state.header.setSession(null);
      showSignIn(t('onboard.signin.role', { role: t(`header.role.${session.role}`) }));
      return;
    }
    dom.signinForm.reset();
    startWorkspace().catch(fail);
  } catch (error) {
    showSignIn(t('onboard.signin.failed', { detail: detailOf(error) }));
  } finally {
    submit.disabled = false;
  }
}

// ---- workspace

async function startWorkspace() {
  dom.signin.hidden = true;
  dom.workspace.hidden = false;
  dom.skip.href = '#workspace';
  dom.body.dataset.ready = 'false';
  state.catalog = await getCatalog();
  renderTargets();
  await loadPlannerLayers();
  state.map = createMap(dom.map, { zoomSnap: 0.25, attributionControl: false });
  state.map.setView([29.84, 106.05], 11);
  state.attribution = new SyntheticAttribution(state.map, { prefix: false });
  control.scale({ metric: true, imperial: false, position: 'bottomleft' }).addTo(state.map);
  state.legend = new Legend({ position: 'topright' }).addTo(state.map);
  renderChrome();
  await onTargetChange();
  dom.body.dataset.ready = 'true';
}

function renderTargets() {
  const chosen = dom.target.value || 'villages';
  dom.target.replaceChildren(...state.catalog.layers.filter((l) => !WRITTEN_BY_THE_APP.has(l.id))
    .map((l) => el('option', { value: l.id }, `${pick(l.title)} (${l.id})`)));
  if ([...dom.target.options].some((o) => o.value === chosen)) dom.target.value = chosen;
}

/** The planner layers an admin may onboard from instead of a file (titles as their importers gave them). */
async function loadPlannerLayers() {
  try {
    const layers = await getPlannerLayers();
    dom.source.replaceChildren(dom.source.options[0],
      ...layers.map((l) => el('option', { value: l.id }, `${pick(l.title)} (${l.id})`)));
  } catch (error) {
    console.warn('Xiangtu: the planner layers could not be read', error);
  }
}

/** A new target: its current features on the map, its versions; the mapping starts again from the suggestion. */
async function onTargetChange() {
  resetMapping();
  await Promise.all([loadCurrent(), loadVersions()]);
}

function resetMapping() {
  state.suggestion = null;
  state.mapping = null;
  state.preview = null;
  state.previewedWith = null;
  state.how = {};
  dom.mapping.hidden = true;
  dom.result.hidden = true;
  closeConfirm();
}

async function loadCurrent() {
  const id = dom.target.value;
  state.current?.remove();
  state.current = null;
  try {
    const collection = await getItems(id, { limit: 10000 });
    if (id !== dom.target.value) return;
    state.current = geoJSON(collection, {
      style: () => CURRENT_STYLE,
      pointToLayer: (f, latlng) => circleOf(latlng, CURRENT_STYLE),
    }).addTo(state.map);
    const bounds = state.current.getBounds();
    if (bounds.isValid()) state.map.fitBounds(bounds, { padding: [16, 16], animate: false });
  } catch (error) {
    console.warn('Xiangtu: the current layer could not be read', error);
  }
  state.incoming?.bringToFront();
  state.legend?.render();
}

async function loadVersions() {
  try {
    state.versions = await getVersions(dom.target.value);
  } catch (error) {
    state.versions = [];
    console.warn('Xiangtu: the versions could not be read', error);
  }
  renderVersions();
}

function circleOf(latlng, style) {
  return circleMarker(latlng, { ...style, radius: 6 });
}

/** The file's features for the map: the server's, when the preview sends them; a GeoJSON file read here otherwise. */
async function showIncoming(preview) {
  state.incoming?.remove();
  state.incoming = null;
  state.incomingShown = false;
  let collection = preview?.features ?? null;
  if (!collection && dom.source.value) {
    collection = await getItems(dom.source.value).catch(() => null); // a planner layer: already in longitude/latitude
  }
  if (!collection) collection = await readGeoJsonFile(chosenFile());
  if (collection) {
    state.incoming = geoJSON(collection, {
      style: () => INCOMING_STYLE,
      pointToLayer: (f, latlng) => circleOf(latlng, INCOMING_STYLE),
    }).addTo(state.map);
    state.incomingShown = state.incoming.getLayers().length > 0;
    // the file's features with their neighbours of the current layer around them
    const bounds = state.incoming.getBounds();
    if (bounds.isValid()) state.map.fitBounds(bounds.pad(1.5), { animate: false });
  }
  state.legend?.render();
}

/**
 * A GeoJSON file (or a bare array of Features) in longitude/latitude, read in the page for the map; null for any
 * other file, projected coordinates or the gcj02 option (the server's reading is the one that counts).
 */
async function readGeoJsonFile(file) {
  if (!file || !/\.(geo)?json$/i.test(file.name) || dom.crs.value.trim() || dom.gcj02.checked) return null;
  try {
    const parsed = JSON.parse(await file.text());
    const features = Array.isArray(parsed) ? parsed : parsed?.features;
    if (!Array.isArray(features)) return null;
    const collection = { type: 'FeatureCollection', features: features.filter((f) => f?.geometry) };
    const probe = geoJSON(collection);
    const b = probe.getBounds();
    const degrees = b.isValid() && Math.abs(b.getWest()) <= 180 && Math.abs(b.getEast()) <= 180
      && Math.abs(b.getSouth()) <= 90 && Math.abs(b.getNorth()) <= 90;
    return degrees ? collection : null;
  } catch {
    return null;
  }
}

/** The map's legend: the current layer and the file's features, both marked synthetic in the demo. */
const Legend = Control.extend({
  onAdd() {
    this._div = DomUtil.create('div', 'xt-onboard__legend');
    this._div.id = 'onboard-legend';
    this.render();
    return this._div;
  },
  render() {
    if (!this._div) return;
    const row = (style, text, id) => {
      const line = el('div', { 'data-legend': id });
      const swatch = el('span', { class: 'xt-swatch' });
      swatch.style.background = style.fillColor;
      swatch.style.border = `2px ${style.dashArray ? 'dashed' : 'solid'} ${style.color}`;
      line.append(swatch, document.createTextNode(text));
      return line;
    };
    const rows = [el('strong', {}, t('onboard.legend.title')),
      row(CURRENT_STYLE, t('onboard.legend.current', { layer: layerTitle() }) + synthetic(), 'current')];
    if (state.preview) {
      rows.push(row(INCOMING_STYLE, state.incomingShown ? t('onboard.legend.incoming') + synthetic()
        : t('onboard.legend.noIncoming'), 'incoming'));
    }
    this._div.replaceChildren(...rows);
  },
});

// ---- preview

function options() {
  return {
    crs: dom.crs.value.trim(), encoding: dom.encoding.value, gcj02: dom.gcj02.checked, source: dom.source.value,
  };
}

/** The chosen file; none when a planner layer is chosen as the source instead. */
function chosenFile() {
  return dom.source.value ? null : dom.file.files[0] ?? null;
}

async function onPreview(event) {
  event.preventDefault();
  const file = chosenFile();
  if ((!file && !dom.source.value) || !dom.target.value) {
    say(t('onboard.needFile'));
    return;
  }
  closeConfirm();
  say(t('onboard.working'));
  dom.body.dataset.previewing = 'true';
  try {
    const answer = await previewOnboarding(file, dom.target.value, { ...options(), mapping: state.mapping });
    if (!state.suggestion) {
      state.suggestion = answer.suggestion;
      state.how = Object.fromEntries(answer.suggestion.matches.map((m) => [m.source, m]));
      state.sourceTypes = Object.fromEntries(answer.suggestion.matches.map((m) => [m.source, m.sourceType]));
    }
    state.mapping = mappingOf(answer.mapping, dom.target.value);
    state.previewedWith = JSON.stringify(state.mapping);
    state.preview = answer.preview;
    renderMapping();
    renderResult();
    await showIncoming(answer.preview);
    say(t('onboard.previewed', { rows: answer.preview.rows, written: answer.preview.written }));
  } catch (error) {
    say(t('onboard.failed', { detail: detailOf(error) }));
  } finally {
    dom.body.dataset.previewing = 'false';
  }
}

function sourceFields() {
  const s = state.suggestion;
  if (!s) return [];
  const names = [...s.matches.map((m) => m.source), ...s.unmappedSource];
  for (const name of Object.keys(state.mapping?.fields ?? {})) if (!names.includes(name)) names.push(name);
  return names;
}

function howText(source) {
  const target = state.mapping.fields[source];
  const m = state.how[source];
  if (!target) return '';
  if (!m || m.target !== target) return t('onboard.how.admin');
  if (m.how === 'similar') return t('onboard.how.similar', { score: Math.round((m.score ?? 0) * 100) / 100 });
  return t(`onboard.how.${m.how}`);
}

function fieldOf(name) {
  return layerDef()?.fields.find((f) => f.name === name) ?? null;
}

function renderMapping() {
  const def = layerDef();
  if (!state.mapping || !def) return;
  dom.mapping.hidden = false;
  const rows = sourceFields().map((source) => {
    const target = state.mapping.fields[source] ?? '';
    const tr = el('tr', { 'data-source': source, class: target ? '' : 'is-unmapped' });
    const select = el('select', { 'data-source': source, 'aria-label': `${t('onboard.col.target')}: ${source}` });
    select.append(el('option', { value: '' }, t('onboard.unmapped')),
      ...def.fields.map((f) => el('option', { value: f.name }, `${f.name} · ${pick(f.title)}`)));
    select.value = target;
    select.addEventListener('change', () => onFieldChosen(source, select.value));
    const field = fieldOf(target);
    const unit = field?.unit ? `（${pick(field.unit)}）` : '';
    const td = el('td');
    td.append(select);
    const type = field ? ` → ${field.type}` : '';
    const titleCell = el('td', { 'data-title': '' }, field ? `${pick(field.title)}${unit}` : '');
    const warning = state.how[source]?.target === target ? state.how[source]?.unitWarning : null;
    if (warning) {
      titleCell.append(el('span', { class: 'xt-onboard__warning', 'data-unit-warning': '' },
        t('onboard.unitWarning', { warning })));
    }
    tr.append(el('th', { scope: 'row' }, source), el('td', {}, `${state.sourceTypes[source] ?? ''}${type}`), td,
      titleCell, el('td', {}, howText(source)));
    return tr;
  });
  dom.mappingRows.replaceChildren(...rows);
  const key = state.mapping.key ?? '';
  dom.key.replaceChildren(el('option', { value: '' }, t('onboard.key.default')),
    ...def.fields.map((f) => el('option', { value: f.name }, `${f.name} · ${pick(f.title)}`)));
  dom.key.value = key;
  dom.names.checked = state.mapping.namesAsCodes;
  for (const r of dom.mode.querySelectorAll('input[name=mode]')) r.checked = r.value === state.mapping.mode;
}

function onFieldChosen(source, target) {
  const fields = { ...state.mapping.fields };
  if (target) {
    for (const [s, f] of Object.entries(fields)) if (f === target && s !== source) delete fields[s]; // one column a field
    fields[source] = target;
  } else {
    delete fields[source];
  }
  state.mapping = { ...state.mapping, fields };
  renderMapping();
  renderStale();
}

function onMappingOption() {
  if (!state.mapping) return;
  const mode = dom.mode.querySelector('input[name=mode]:checked')?.value ?? 'merge';
  const next = { ...state.mapping, namesAsCodes: dom.names.checked, mode };
  if (dom.key.value) next.key = dom.key.value;
  else delete next.key;
  state.mapping = next;
  renderStale();
}

/** Apply only what was previewed: a changed mapping needs a preview first. */
function renderStale() {
  const stale = JSON.stringify(state.mapping) !== state.previewedWith;
  dom.apply.disabled = stale || !state.preview;
  dom.result.dataset.stale = String(stale);
  if (stale) closeConfirm();
}

function onDownload() {
  if (!state.mapping) return;
  const blob = new Blob([`${JSON.stringify(state.mapping, null, 2)}\n`], { type: 'application/json' });
  const a = el('a', { href: URL.createObjectURL(blob), download: `mapping-${state.mapping.target}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

function renderResult() {
  const p = state.preview;
  if (!p) return;
  dom.result.hidden = false;
  const figures = [['rows', p.rows], ['written', p.written], ['skipped', p.skipped], ['repaired', p.repaired],
    ['problems', p.problemCount], ['unmatched', p.unmatchedCount]];
  dom.counts.replaceChildren(...figures.map(([key, n]) => {
    const box = el('div', { 'data-count': key });
    box.append(el('dt', {}, t(`onboard.count.${key}`)), el('dd', {}, String(n)));
    return box;
  }));
  const d = p.diff;
  const diffList = el('ul', { class: 'xt-onboard__list', id: 'diff-list' });
  for (const [kind, n, ids] of [['added', d.added, d.addedIds], ['changed', d.changed, d.changedIds],
    ['removed', d.removed, d.removedIds]]) {
    const li = el('li', { 'data-diff': kind });
    li.append(el('strong', {}, t(`onboard.diff.${kind}`, { n })));
    if (ids.length) {
      const shown = ids.slice(0, IDS_SHOWN).join(', ');
      const more = n > IDS_SHOWN ? ` ${t('onboard.diff.more', { n })}` : '';
      li.append(document.createTextNode(' '), el('span', { class: 'xt-onboard__ids' }, shown + more));
    }
    diffList.append(li);
  }
  diffList.append(el('li', { 'data-diff': 'unchanged' }, t('onboard.diff.unchanged', { n: d.unchanged })));
  dom.diff.replaceChildren(el('h3', { class: 'xt-onboard__subtitle' }, t('onboard.diff.title')), diffList);

  const sections = [];
  const listed = (items, total) => (total > items.length ? ` ${t('onboard.listed', { shown: items.length, total })}` : '');
  if (p.unmatched.length) {
    sections.push(el('h3', { class: 'xt-onboard__subtitle' }, t('onboard.unmatched.title') + listed(p.unmatched, p.unmatchedCount)),
      listOf('unmatched-list', p.unmatched.map((u) => t('onboard.unmatched.row', { row: u.row + 1, field: u.field, value: u.value ?? '' }))));
  } else {
    sections.push(el('p', { class: 'xt-hint', id: 'unmatched-none' }, t('onboard.unmatched.none')));
  }
  if (p.repairs.length) {
    sections.push(el('h3', { class: 'xt-onboard__subtitle' }, t('onboard.repairs.title') + listed(p.repairs, p.repaired)),
      listOf('repair-list', p.repairs.map((r) => t('onboard.repair', {
        row: r.index + 1, id: r.id ?? '—', before: r.before, after: r.after,
      }))));
  }
  if (p.problems.length) {
    sections.push(el('h3', { class: 'xt-onboard__subtitle' }, t('onboard.problems.title') + listed(p.problems, p.problemCount)),
      listOf('problem-list', p.problems.map((r) => t('onboard.problem', {
        row: r.row + 1, field: r.field, value: r.value ?? '', problem: r.problem,
      }))));
  }
  dom.lists.replaceChildren(...sections);
  renderStale();
}

function listOf(id, texts) {
  const ul = el('ul', { class: 'xt-onboard__list', id });
  ul.append(...texts.map((text) => el('li', {}, text)));
  return ul;
}

// ---- apply, versions, rollback

function ask(text, action) {
  state.pendingConfirm = action;
  dom.confirmText.textContent = text;
  dom.confirm.hidden = false;
  dom.confirmYes.focus();
}

function closeConfirm() {
  state.pendingConfirm = null;
  dom.confirm.hidden = true;
}

function onApply() {
  const p = state.preview;
  if (!p || dom.apply.disabled) return;
  ask(t('onboard.confirm.apply', {
    mode: t(`onboard.mode.name.${state.mapping.mode}`), layer: layerTitle(), added: p.diff.added,
    changed: p.diff.changed, removed: p.diff.removed,
  }), doApply);
}

async function doApply() {
  const file = chosenFile();
  say(t('onboard.applying'));
  dom.apply.disabled = true;
  try {
    state.lastApply = await applyOnboarding(file, dom.target.value, state.mapping,
      { ...options(), base: state.preview.base });
    say(t('onboard.applied', { layer: layerTitle(), version: state.lastApply.version }));
    state.preview = null; // the layer changed: what was previewed is history
    state.previewedWith = null;
    dom.result.hidden = true;
    await Promise.all([loadCurrent(), loadVersions()]);
  } catch (error) {
    say(t('onboard.failed', { detail: detailOf(error) }));
    renderStale();
  }
}

function renderVersions() {
  dom.versions.hidden = false;
  if (!state.versions.length) {
    dom.versionList.replaceChildren(el('li', { class: 'xt-hint' }, t('onboard.versions.empty')));
    return;
  }
  const lang = getLang();
  dom.versionList.replaceChildren(...state.versions.map((v) => {
    const li = el('li', { 'data-version': String(v.version) });
    const at = v.at ? new Date(v.at).toLocaleString(htmlLang(lang)) : '';
    const action = t(`onboard.action.${v.action}`) === `onboard.action.${v.action}` ? v.action : t(`onboard.action.${v.action}`);
    li.append(el('span', {}, t('onboard.version', {
      version: v.version, action, at, actor: v.actor || '—', written: v.written ?? '—', removed: v.removed ?? '—',
    })));
    const button = el('button', { type: 'button', class: 'xt-button', 'data-rollback': String(v.version) },
      t('onboard.rollback'));
    button.addEventListener('click', () => ask(t('onboard.confirm.rollback', { layer: layerTitle(), version: v.version }),
      () => doRollback(v.version)));
    li.append(button);
    return li;
  }));
}

async function doRollback(version) {
  try {
    state.lastRollback = await rollbackLayer(dom.target.value, version);
    say(t('onboard.rolledBack', state.lastRollback));
    state.preview = null;
    state.previewedWith = null;
    dom.result.hidden = true;
    await Promise.all([loadCurrent(), loadVersions()]);
  } catch (error) {
    say(t('onboard.failed', { detail: detailOf(error) }));
  }
}

// ---- wiring

async function boot() {
  renderChrome();
  try {
    state.session = await getSession();
    state.header.setSession(state.session);
    if (state.session.signedIn && state.session.role === 'admin') await startWorkspace();
    else if (state.session.signedIn) showSignIn(t('onboard.signin.role', { role: t(`header.role.${state.session.role}`) }));
    else showSignIn();
  } catch (error) {
    fail(error);
  }
}

state.header = new SessionHeader(dom.tools, {
  page: 'onboard', signIn: false, onChange: (s) => { if (!s?.signedIn) window.location.reload(); },
});
dom.signinForm.addEventListener('submit', onSignIn);
dom.sourceForm.addEventListener('submit', onPreview);
dom.target.addEventListener('change', () => onTargetChange().catch(fail));
dom.file.addEventListener('change', resetMapping);
dom.source.addEventListener('change', resetMapping);
dom.key.addEventListener('change', onMappingOption);
dom.names.addEventListener('change', onMappingOption);
dom.mode.addEventListener('change', onMappingOption);
dom.download.addEventListener('click', onDownload);
dom.apply.addEventListener('click', onApply);
dom.confirmYes.addEventListener('click', () => {
  const action = state.pendingConfirm;
  closeConfirm();
  action?.().catch((e) => say(t('onboard.failed', { detail: detailOf(e) })));
});
dom.confirmNo.addEventListener('click', closeConfirm);
dom.errorReload.addEventListener('click', () => window.location.reload());
for (const b of dom.langButtons) b.addEventListener('click', () => setLang(b.dataset.lang));
onLangChange(() => {
  window.APP.lang = getLang();
  renderChrome();
  if (state.catalog) renderTargets();
  renderMapping();
  renderResult();
  renderVersions();
  state.legend?.render();
  state.attribution?.setLang();
});

/** The test hook: what the page shows, as data. */
window.APP = {
  lang: getLang(),
  error: null,
  get session() { return state.session; },
  get suggestion() { return state.suggestion; },
  get mapping() { return state.mapping; },
  /** The mapping as the download button writes it (the JSON `import --map FILE` reads). */
  get mappingJson() { return state.mapping ? JSON.stringify(state.mapping, null, 2) : null; },
  get preview() { return state.preview; },
  get lastApply() { return state.lastApply; },
  get lastRollback() { return state.lastRollback; },
  get versions() { return state.versions; },
  get status() { return state.status; },
  /** The map's two layers: how many features each shows. */
  get layers() {
    return {
      current: state.current ? state.current.getLayers().length : 0,
      incoming: state.incoming ? state.incoming.getLayers().length : 0,
    };
  },
  /** The current layer's feature `id` as drawn on the map (GeoJSON, longitude/latitude), or null. */
  currentFeature: (id) => state.current?.getLayers().find((l) => String(l.feature?.id) === String(id))?.feature ?? null,
};

boot();

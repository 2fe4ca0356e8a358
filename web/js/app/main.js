// The cadres' offline field app at /app: sign-in, "my households" (kept in IndexedDB), a household with its
// point and village outline, the visit form, the indicator update form and the work-log form, whose records and
// photos (reduced and read by exif.js) go to the device queue (queue.js) first. An update's answer is shown field
// by field (applied, sent to review, unchanged), and a review's outcome (accepted or not) once
// GET /api/field/updates tells it. `window.xiangtuApp.resendAll()` sends everything recorded here again
// (the browser test's forced resend; the server keeps one of each).

import * as L from 'leaflet';
import './strings.js';
import { t, getLang, setLang, translate, onLangChange, htmlLang } from '../core/i18n.js';
import { getSession, signIn, signOut, getItems, getJson, NetworkError } from '../core/api.js';
import { request } from '../core/http.js';
import { all, replaceAll, put, get, remove } from './db.js';
import { VisitQueue } from './queue.js';
import { preparePhoto, distanceMeters, insideGeometry } from './exif.js';

const $ = (id) => document.getElementById(id);
const FIELDS = ['code', 'head_name', 'village_code', 'size', 'class', 'main_cause', 'food_clothing', 'housing', 'water',
  'education', 'medical', 'lifted_year'];
const KINDS = ['monthly', 'festival', 'season', 'emergency'];
/** The events a visit may report for the relapse watch (the catalogue's visits.reported). */
const REPORTED = ['', 'medical_expense', 'disaster', 'job_loss'];
let households = [];
let villages = new Map();
let current = null;
let map = null;
let position = null;
/** A photo whose EXIF position is farther than this from the device's fix is flagged (not refused). */
const FAR_METERS = 500;

/** The fields the update form offers (the server's `HouseholdChangeStore.EDITABLE`), in three groups. */
const INDICATORS = ['food_clothing', 'housing', 'water', 'education', 'medical'];
const BASICS = ['class', 'size', 'main_cause', 'extreme_poor_people', 'lifted_year'];
const INCOME_SOURCES = ['wage', 'business', 'transfer', 'property'];
const INCOME_YEARS = ['2020', '2019'];
const LOG_KINDS = ['work_log', 'measure'];
const UPDATES_SINCE_KEY = 'xiangtu-app-updates-since';

const queue = new VisitQueue((items) => {
  const problems = items.filter((i) => i.problem).length;
  $('queue-count').textContent = t('app.queue', { n: items.length }) + (problems ? t('app.queueProblem', { n: problems }) : '');
  $('queue-count').dataset.count = String(items.length);
  renderQueue(items);
  if (current && !$('household').hidden) renderUpdates();
}, { onAnswer: updateAnswered, onSynced: afterSync });

/** After each round of sending: the reviews' outcomes, and the alerts as the server has them now (online only). */
async function afterSync() {
  await reviewOutcomes();
  if (!households.length) return;
  try {
    await loadAlerts();
  } catch (error) {
    if (!(error instanceof NetworkError) && !(error?.status >= 400)) throw error;
    return;
  }
  if (!$('list').hidden) await renderAlerts();
  else if (current && !$('household').hidden) await renderHouseholdAlerts();
}

/** The waiting visits and photos, each with its state (a photo's bytes sent of its total). */
function renderQueue(items) {
  $('queue').hidden = items.length === 0;
  $('queue-items').replaceChildren(...items.map((i) => {
    const li = document.createElement('li');
    li.className = `xa-queue-item xa-queue-item--${i.kind}`;
    li.dataset.kind = i.kind;
    li.dataset.id = i.id;
    if (i.kind === 'photo') {
      li.textContent = t('app.queue.photo', { percent: Math.floor((100 * (i.received || 0)) / i.bytes), kb: Math.ceil(i.bytes / 1024) });
    } else if (i.kind === 'update') {
      li.textContent = t('app.queue.update', { code: i.update.household_code, n: Object.keys(i.update.changes).length });
    } else if (i.kind === 'verify') {
      li.textContent = t('app.queue.verify', { code: i.verification.household_code ?? '' });
    } else if (i.kind === 'log') {
      const target = i.log.household_code ?? villages.get(i.log.village_code)?.properties?.name ?? i.log.village_code;
      li.textContent = t('app.queue.log', { target, date: new Date(i.log.at).toLocaleString(htmlLang()) });
    } else {
      li.textContent = t('app.queue.visit', { code: i.visit.household_code, date: new Date(i.visit.at).toLocaleString(htmlLang()) });
    }
    if (i.problem) li.append(' — ', t('app.queue.problem', { title: i.problem }));
    return li;
  }));
}

function show(view) {
  for (const id of ['signin', 'list', 'household']) $(id).hidden = id !== view;
  if (view === 'list') {
    // a household opened from the list starts with its update and log forms closed
    $('update-section').open = false;
    $('log-section').open = false;
  }
}

function status(text) {
  $('status').textContent = text || '';
}

async function lastVisits() {
  const last = new Map();
  for (const v of await all('visits')) {
    if (!last.has(v.household_code) || last.get(v.household_code) < v.at) last.set(v.household_code, v.at);
  }
  return last;
}

/** The text of an alert: its rule's title, tier and due day (overdue marked). */
function alertText(a) {
  const lang = getLang();
  const text = t('app.alerts.item', { title: a.title?.[lang] ?? a.rule, tier: a.tier_title?.[lang] ?? a.tier, due: a.due_on });
  return a.overdue ? `${text} · ${t('app.alerts.overdue')}` : text;
}

/** The cadre's open alerts on the list page, soonest due first; a tap opens the household. */
async function renderAlerts() {
  const alerts = (await all('alerts')).sort((a, b) => a.due_on.localeCompare(b.due_on) || a.id.localeCompare(b.id));
  $('alerts').hidden = alerts.length === 0;
  $('alert-items').replaceChildren(...alerts.map((a) => {
    const h = households.find((x) => x.properties.code === a.household_code);
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `xa-alert${a.overdue ? ' xa-alert--overdue' : ''}`;
    b.dataset.alert = a.id;
    b.innerHTML = '<strong></strong><span></span>';
    b.children[0].textContent = t('app.alerts.household', { head: h?.properties?.head_name ?? '', code: a.household_code });
    b.children[1].textContent = alertText(a);
    if (h) b.addEventListener('click', () => openHousehold(h));
    li.append(b);
    return li;
  }));
}

/** The household's open alerts, each with its verification form (confirmed or not, the measure or reason). */
async function renderHouseholdAlerts() {
  const code = current.properties.code;
  const alerts = (await all('alerts')).filter((a) => a.household_code === code);
  $('household-alerts').hidden = alerts.length === 0;
  $('household-alert-list').replaceChildren(...alerts.map((a) => {
    const form = document.createElement('form');
    form.className = 'xa-form xa-alert-form';
    form.dataset.alert = a.id;
    form.noValidate = true;
    const title = document.createElement('p');
    title.className = `xa-alert-title${a.overdue ? ' xa-alert--overdue' : ''}`;
    title.textContent = alertText(a);
    const reason = document.createElement('p');
    reason.className = 'xa-hint';
    reason.textContent = a.reason ?? '';
    reason.hidden = !a.reason;
    const choice = document.createElement('fieldset');
    choice.className = 'xa-choice';
    for (const [value, key] of [['true', 'app.alerts.confirmed'], ['false', 'app.alerts.notConfirmed']]) {
      const label = document.createElement('label');
      const input = document.createElement('input');
      input.type = 'radio';
      input.name = `confirmed-${a.id}`;
      input.value = value;
      input.checked = value === 'true';
      const span = document.createElement('span');
      span.textContent = t(key);
      label.append(input, ' ', span);
      choice.append(label);
    }
    const note = document.createElement('textarea');
    note.name = 'note';
    note.maxLength = 2000;
    note.rows = 3;
    const error = document.createElement('p');
    error.className = 'xa-error';
    error.hidden = true;
    const submit = document.createElement('button');
    submit.type = 'submit';
    submit.className = 'xa-button xa-button--primary';
    submit.textContent = t('app.alerts.submit');
    form.append(title, reason, choice, labelled(t('app.alerts.measure'), note), error, submit);
    form.addEventListener('submit', (event) => saveVerification(event, a, form));
    return form;
  }));
}

/** A verification: a visit of the household (its note says what was verified), then the alert closed by it. */
async function saveVerification(event, alert, form) {
  event.preventDefault();
  const note = form.querySelector('textarea').value.trim();
  const error = form.querySelector('.xa-error');
  if (!note) {
    error.textContent = t('app.alerts.noNote');
    error.hidden = false;
    return;
  }
  const confirmed = form.querySelector('input[type=radio]:checked').value === 'true';
  const visit = {
    id: crypto.randomUUID(),
    household_code: current.properties.code,
    kind: 'monthly',
    at: withOffset(localDateTime(new Date())),
    note: t('app.alerts.visitNote', { title: alert.title?.[getLang()] ?? alert.rule, note }),
  };
  if (position) Object.assign(visit, position);
  await put('visits', { id: visit.id, household_code: visit.household_code, at: new Date(visit.at).toISOString(), visit });
  await queue.add(visit, []);
  await queue.addVerification({ alert_id: alert.id, household_code: alert.household_code, confirmed, note, visit_id: visit.id });
  await remove('alerts', alert.id);
  status(t('app.alerts.saved'));
  await renderHouseholdAlerts();
}

async function renderList() {
  await renderAlerts();
  const q = $('search').value.trim().toLowerCase();
  const last = await lastVisits();
  $('households').replaceChildren(...households.filter((h) => {
    const p = h.properties;
    return !q || [p.code, p.head_name, p.village_code, villages.get(p.village_code)?.properties?.name]
      .some((v) => String(v ?? '').toLowerCase().includes(q));
  }).map((h) => {
    const p = h.properties;
    const li = document.createElement('li');
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'xa-household';
    b.dataset.code = p.code;
    const village = villages.get(p.village_code)?.properties?.name ?? p.village_code;
    const at = last.get(p.code);
    b.innerHTML = '<strong></strong><span></span><small></small>';
    b.children[0].textContent = `${p.head_name} · ${p.code}`;
    b.children[1].textContent = `${village} · ${t(`app.class.${p.class}`)}`;
    b.children[2].textContent = at ? t('app.lastVisit', { date: new Date(at).toLocaleString(htmlLang()) }) : t('app.noVisit');
    b.addEventListener('click', () => openHousehold(h));
    li.append(b);
    return li;
  }));
}

function localDateTime(date) {
  const off = date.getTimezoneOffset();
  return new Date(date.getTime() - off * 60000).toISOString().slice(0, 16);
}

/** A datetime-local value as ISO with the device's offset. */
function withOffset(value) {
  const d = new Date(value);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(off / 60)}:${pad(off % 60)}`;
}

/** The catalogue's names of the household fields and their values, as the server last sent them (kept for offline). */
const FIELD_NAMES_KEY = 'xiangtu-app-fields';
function fieldNames() {
  try {
    return new Map((JSON.parse(localStorage.getItem(FIELD_NAMES_KEY)) || []).map((f) => [f.name, f]));
  } catch {
    return new Map();
  }
}

/** A field's name in the page's language: the catalogue's title, else the page's own string. */
function fieldTitle(f) {
  const meta = fieldNames().get(f);
  return meta ? meta.title[getLang()] : t(`app.field.${f}`);
}

/** A value as the catalogue names it (有保障, not ensured), with its unit. */
function valueText(f, value) {
  const meta = fieldNames().get(f);
  const lang = getLang();
  const valueTitle = meta?.valueTitles?.[value];
  return value === null || value === undefined || value === '' ? '—'
    : valueTitle ? valueTitle[lang] : `${value}${meta?.unit ? ` ${meta.unit[lang]}` : ''}`;
}

function openHousehold(h) {
  current = h;
  const p = h.properties;
  show('household');
  $('household-title').textContent = `${p.head_name} · ${p.code}`;
  renderHouseholdFields();
  renderHouseholdAlerts();
  renderUpdateForm();
  renderUpdates();
  $('visit-at').value = localDateTime(new Date());
  $('log-at').value = localDateTime(new Date());
  $('log-error').hidden = true;
  if (!map) {
    map = L.map('map', { attributionControl: false });
  }
  map.eachLayer((layer) => map.removeLayer(layer));
  const group = L.featureGroup().addTo(map);
  const village = villages.get(p.village_code);
  if (village) L.geoJSON(village, { style: { color: '#2b8a3e', weight: 2, fillOpacity: 0.1 } }).addTo(group);
  if (h.geometry) L.circleMarker([h.geometry.coordinates[1], h.geometry.coordinates[0]], { radius: 8, color: '#5f3dc4' }).addTo(group);
  setTimeout(() => {
    map.invalidateSize();
    if (group.getLayers().length) map.fitBounds(group.getBounds(), { maxZoom: 16, padding: [10, 10] });
  }, 0);
  visitPhotos.clear();
  logPhotos.clear();
  locate();
}

/** The household's fields as the device has them. */
function renderHouseholdFields() {
  const p = current.properties;
  $('household-fields').replaceChildren(...FIELDS.flatMap((f) => {
    const dt = document.createElement('dt');
    dt.textContent = fieldTitle(f);
    const dd = document.createElement('dd');
    dd.dataset.field = f;
    dd.textContent = valueText(f, p[f]);
    return [dt, dd];
  }));
}

/** One input of the update form, holding the household's value now: a list for a coded field, a date, a number. */
function updateInput(f, value) {
  const meta = fieldNames().get(f);
  let input;
  if (meta?.valueTitles) {
    input = document.createElement('select');
    if (value === null || value === undefined) input.append(new Option('—', ''));
    for (const [code, title] of Object.entries(meta.valueTitles)) input.append(new Option(title[getLang()], code));
  } else {
    input = document.createElement('input');
    if (f.endsWith('_checked')) {
      input.type = 'date';
    } else {
      input.type = 'number';
      input.min = '0';
      input.step = f.startsWith('income_') ? '0.01' : '1';
      input.inputMode = f.startsWith('income_') ? 'decimal' : 'numeric';
    }
  }
  input.id = `update-${f}`;
  input.name = f;
  input.value = value === null || value === undefined ? '' : String(value);
  input.dataset.was = input.value;
  return input;
}

function labelled(text, input, extra = '') {
  const label = document.createElement('label');
  label.className = `xa-field ${extra}`.trim();
  const span = document.createElement('span');
  span.textContent = text;
  label.append(span, input);
  return label;
}

function group(title, children) {
  const fs = document.createElement('fieldset');
  fs.className = 'xa-group';
  const legend = document.createElement('legend');
  legend.textContent = title;
  fs.append(legend, ...children);
  return fs;
}

/** The update form, filled with the household's values as the device has them (the version the cadre sees). */
function renderUpdateForm() {
  const p = current.properties;
  const indicators = INDICATORS.map((f) => {
    const state = updateInput(f, p[f]);
    const date = updateInput(`${f}_checked`, p[`${f}_checked`]);
    // a state changed today was checked today: the date follows unless the cadre sets another
    state.addEventListener('change', () => { if (date.value === date.dataset.was) date.value = new Date().toLocaleDateString('sv'); });
    const row = document.createElement('div');
    row.className = 'xa-pair';
    row.append(labelled(fieldTitle(f), state), labelled(t('app.update.checked'), date));
    return row;
  });
  const basics = BASICS.map((f) => labelled(fieldTitle(f), updateInput(f, p[f])));
  // income by source for one year at a time (the year chosen first; the other year's inputs keep their edits)
  const year = document.createElement('select');
  year.id = 'update-income-year';
  year.append(...INCOME_YEARS.map((y) => new Option(y, y)));
  const income = INCOME_YEARS.flatMap((y) => INCOME_SOURCES.map((s) => {
    const f = `income_${s}_${y}`;
    const label = labelled(fieldTitle(f), updateInput(f, p[f]));
    label.dataset.year = y;
    label.hidden = y !== year.value;
    return label;
  }));
  year.addEventListener('change', () => { for (const l of income) l.hidden = l.dataset.year !== year.value; });
  income.unshift(labelled(t('app.update.year'), year));
  $('update-fields').replaceChildren(group(t('app.update.group.indicators'), indicators),
    group(t('app.update.group.basics'), basics), group(t('app.update.group.income'), income));
}

/** The changed fields of the update form, as the API takes them (numbers as numbers). */
function updateChanges() {
  const changes = {};
  for (const input of $('update-fields').querySelectorAll('input[name], select[name]')) {
    if (input.value === input.dataset.was || input.value === '') continue;
    changes[input.name] = input.type === 'number' ? Number(input.value) : input.value;
  }
  return changes;
}

async function saveUpdate(event) {
  event.preventDefault();
  const changes = updateChanges();
  const wrong = Object.entries(changes).find(([f, v]) => typeof v === 'number'
    && (!Number.isFinite(v) || v < 0 || (!f.startsWith('income_') && !Number.isInteger(v))));
  $('update-error').hidden = !wrong;
  if (wrong) {
    $('update-error').textContent = t(wrong[0].startsWith('income_') ? 'app.update.badNumber' : 'app.update.badWhole',
      { field: fieldTitle(wrong[0]) });
    $(`update-${wrong[0]}`).focus();
    return;
  }
  if (!Object.keys(changes).length) {
    status(t('app.update.none'));
    return;
  }
  const update = {
    id: crypto.randomUUID(),
    household_code: current.properties.code,
    base_version: current.version ?? 0,
    at: withOffset(localDateTime(new Date())),
    changes,
  };
  await queue.addUpdate(update);
  status(t('app.update.saved'));
  renderUpdateForm();
  await renderUpdates();
}

/** The updates of the open household recorded on this device, newest first, each field with what became of it. */
async function renderUpdates() {
  if (!current) return;
  const code = current.properties.code;
  const mine = (await all('updates')).filter((u) => u.household_code === code).sort((a, b) => b.queuedAt.localeCompare(a.queuedAt));
  if (!mine.length) {
    const li = document.createElement('li');
    li.className = 'xa-hint';
    li.textContent = t('app.update.noHistory');
    $('update-list').replaceChildren(li);
    return;
  }
  const problems = new Map((await all('queue')).filter((i) => i.problem).map((i) => [i.id, i.problem]));
  $('update-list').replaceChildren(...mine.map((u) => {
    const li = document.createElement('li');
    li.className = 'xa-update';
    li.dataset.id = u.id;
    const head = document.createElement('small');
    head.textContent = t('app.update.at', { date: new Date(u.at).toLocaleString(htmlLang()), version: u.base_version });
    const ul = document.createElement('ul');
    const statuses = new Map((u.fields ?? []).map((f) => [f.field, f.status]));
    const problem = problems.get(u.id);
    ul.append(...Object.entries(u.changes).map(([f, value]) => {
      const row = document.createElement('li');
      const state = statuses.get(f) ?? 'queued';
      row.dataset.field = f;
      row.dataset.status = state;
      const strong = document.createElement('strong');
      strong.textContent = problem && state === 'queued' ? t('app.queue.problem', { title: problem }) : t(`app.update.status.${state}`);
      row.append(`${t('app.update.row', { field: fieldTitle(f), value: valueText(f, value) })} — `, strong);
      return row;
    }));
    li.append(head, ul);
    return li;
  }));
}

/** An update was answered: keep the household as the server has it now, and show it. */
async function updateAnswered(update, answer) {
  await householdNow(answer.household);
  await renderUpdates();
}

/** Keeps a household as the server sent it (with its version) and shows it if it is open. */
async function householdNow(feature) {
  if (!feature?.properties) return;
  await put('households', feature);
  households = households.map((h) => (h.properties.code === feature.properties.code ? feature : h));
  if (current?.properties?.code === feature.properties.code) {
    current = feature;
    if (!$('household').hidden) {
      renderHouseholdFields();
      renderUpdateForm();
    }
  }
}

/**
 * After each sync: when a field of an update from this device waits for review, asks the server what became of
 * the cadre's updates since the last answer; a review resolved shows as accepted or not, and the household is read
 * again (the value may have changed).
 */
async function reviewOutcomes() {
  const local = await all('updates');
  if (!local.some((u) => (u.fields ?? []).some((f) => f.status === 'review'))) return;
  let answer;
  try {
    const since = localStorage.getItem(UPDATES_SINCE_KEY);
    answer = (await request('GET', `/api/field/updates${since ? `?since=${encodeURIComponent(since)}` : ''}`)).body;
  } catch {
    return; // offline or signed out: the next sync asks again
  }
  let resolved = 0;
  const touched = new Set();
  for (const u of answer.updates) {
    const mine = await get('updates', u.id);
    if (!mine?.fields) continue;
    const server = new Map(u.fields.map((f) => [f.field, f.status]));
    const fields = mine.fields.map((f) => {
      const now = server.get(f.field);
      if (f.status === 'review' && (now === 'accepted' || now === 'rejected')) {
        resolved++;
        touched.add(u.household_code);
        return { ...f, status: now };
      }
      return f;
    });
    await put('updates', { ...mine, fields });
  }
  localStorage.setItem(UPDATES_SINCE_KEY, answer.now);
  for (const code of touched) {
    try {
      await householdNow(await getJson(`/api/field/households/${encodeURIComponent(code)}`, { accept: 'application/geo+json' }));
    } catch {
      // kept as it was; the next sign-in reads it again
    }
  }
  if (resolved) status(t('app.update.resolved', { n: resolved }));
  await renderUpdates();
}

/**
 * The photos chosen on one form (visit or log), prepared (reduced, hashed, EXIF read), each flagged when its EXIF
 * position is far from the device's fix or outside the household's village.
 */
function photoPicker(inputId, listId, submitId) {
  let chosen = [];
  const picker = {
    get chosen() { return chosen; },
    clear() {
      for (const p of chosen) URL.revokeObjectURL(p.url);
      chosen = [];
      $(inputId).value = '';
      picker.render();
    },
    render() {
      $(listId).replaceChildren(...chosen.map((p) => {
        const li = document.createElement('li');
        li.className = 'xa-photo';
        const img = document.createElement('img');
        img.src = p.url;
        img.alt = '';
        const text = document.createElement('span');
        text.textContent = p.taken_at ? t('app.photo.taken', { date: p.taken_at.replace('T', ' ') }) : t('app.photo.noTime');
        li.append(img, text);
        const flag = (words) => {
          const strong = document.createElement('strong');
          strong.className = 'xa-flag';
          strong.textContent = words;
          li.append(strong);
        };
        if (position && p.lat != null && distanceMeters(position, p) > FAR_METERS) {
          flag(t('app.photo.far', { n: Math.round(distanceMeters(position, p)) }));
        }
        const village = villages.get(current?.properties?.village_code);
        if (village && p.lat != null && !insideGeometry(village.geometry, p)) flag(t('app.photo.outside'));
        return li;
      }));
    },
    async choose() {
      const files = [...$(inputId).files];
      $(submitId).disabled = true;
      try {
        for (const p of chosen) URL.revokeObjectURL(p.url);
        chosen = [];
        for (const file of files) {
          const p = await preparePhoto(file);
          chosen.push({ ...p, id: crypto.randomUUID(), url: URL.createObjectURL(p.blob) });
        }
      } catch (error) {
        status(t('app.photo.failed', { detail: error.message }));
      } finally {
        $(submitId).disabled = false;
      }
      picker.render();
    },
    /** The chosen photos as the queue keeps them, with the device's fix. */
    forQueue() {
      return chosen.map(({ url, ...p }) => ({ ...p, device_lon: position?.lon ?? null, device_lat: position?.lat ?? null }));
    },
  };
  return picker;
}

const visitPhotos = photoPicker('visit-photos', 'visit-photo-list', 'visit-submit');
const logPhotos = photoPicker('log-photos', 'log-photo-list', 'log-submit');

function locate() {
  position = null;
  $('visit-position').textContent = t('app.visit.noPosition');
  if (!navigator.geolocation) return;
  navigator.geolocation.getCurrentPosition((pos) => {
    position = { lon: pos.coords.longitude, lat: pos.coords.latitude };
    $('visit-position').textContent = t('app.visit.position', { lon: position.lon.toFixed(5), lat: position.lat.toFixed(5) });
    visitPhotos.render();
    logPhotos.render();
  }, () => {}, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
}

async function saveVisit(event) {
  event.preventDefault();
  const visit = {
    id: crypto.randomUUID(),
    household_code: current.properties.code,
    kind: $('visit-kind').value,
    at: withOffset($('visit-at').value),
    note: $('visit-note').value,
  };
  if ($('visit-reported').value) visit.reported = $('visit-reported').value;
  if (position) Object.assign(visit, position);
  const photos = visitPhotos.forQueue();
  await put('visits', { id: visit.id, household_code: visit.household_code, at: new Date(visit.at).toISOString(), visit });
  await queue.add(visit, photos);
  $('visit-form').reset();
  visitPhotos.clear();
  $('visit-at').value = localDateTime(new Date());
  status(t('app.visit.saved'));
  show('list');
  await renderList();
  window.scrollTo(0, 0);
}

async function saveLog(event) {
  event.preventDefault();
  const text = $('log-text').value.trim();
  if (!text) {
    $('log-error').textContent = t('app.log.noText');
    $('log-error').hidden = false;
    return;
  }
  const log = { id: crypto.randomUUID(), kind: $('log-kind').value, at: withOffset($('log-at').value), text };
  if ($('log-about-village').checked) log.village_code = current.properties.village_code;
  else log.household_code = current.properties.code;
  await queue.addLog(log, logPhotos.forQueue());
  $('log-form').reset();
  logPhotos.clear();
  $('log-error').hidden = true;
  status(t('app.log.saved'));
  show('list');
  await renderList();
  window.scrollTo(0, 0);
}

/**
 * Reads the cadre's open alerts (tasks) and keeps them on the device, except those verified here and not yet
 * sent; offline, the kept ones stay.
 */
async function loadAlerts() {
  const answer = await getJson('/api/field/alerts');
  const sending = new Set((await queue.items()).filter((i) => i.record === 'verify').map((i) => i.verification.alert_id));
  await replaceAll('alerts', answer.alerts.filter((a) => !sending.has(a.id)));
}

/** Reads the households and their villages from the server, keeping them on the device; offline, the kept ones. */
async function loadHouseholds() {
  try {
    const fc = await getJson('/api/field/households', { accept: 'application/geo+json' });
    households = fc.features;
    if (Array.isArray(fc.fields)) localStorage.setItem(FIELD_NAMES_KEY, JSON.stringify(fc.fields));
    const codes = [...new Set(households.map((h) => h.properties.village_code))];
    const outlines = [];
    for (const code of codes) {
      const items = await getItems('villages', { equal: { code }, limit: 1 });
      outlines.push(...items.features.map((f) => ({ ...f, id: code })));
    }
    await replaceAll('households', households);
    await replaceAll('villages', outlines);
    await loadAlerts();
    status('');
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    households = await all('households');
    status(t('app.offline'));
  }
  villages = new Map((await all('villages')).map((v) => [v.id, v]));
  households.sort((a, b) => a.properties.code.localeCompare(b.properties.code));
  await renderList();
  show('list');
}

async function start() {
  $('visit-kind').replaceChildren(...KINDS.map((k) => new Option(t(`app.kind.${k}`), k)));
  $('visit-reported').replaceChildren(...REPORTED.map((k) => new Option(t(`app.reported.${k || 'none'}`), k)));
  $('log-kind').replaceChildren(...LOG_KINDS.map((k) => new Option(t(`app.logKind.${k}`), k)));
  translate();
  onLangChange(() => {
    document.documentElement.lang = htmlLang();
    translate();
    for (const o of $('visit-kind').options) o.textContent = t(`app.kind.${o.value}`);
    for (const o of $('visit-reported').options) o.textContent = t(`app.reported.${o.value || 'none'}`);
    for (const o of $('log-kind').options) o.textContent = t(`app.logKind.${o.value}`);
    $('lang-toggle').textContent = getLang() === 'zh' ? 'EN' : '中文';
    $('lang-toggle').setAttribute('aria-label', getLang() === 'zh' ? 'English' : '中文');
    queue.sync();
    renderList();
    if (current && !$('household').hidden) openHousehold(current);
  });
  $('lang-toggle').addEventListener('click', () => setLang(getLang() === 'zh' ? 'en' : 'zh'));
  $('sync-now').addEventListener('click', () => queue.sync());
  $('export-queue').addEventListener('click', () => queue.exportFile());
  $('search').addEventListener('input', () => renderList());
  $('back').addEventListener('click', () => { show('list'); renderList(); });
  $('visit-form').addEventListener('submit', saveVisit);
  $('visit-photos').addEventListener('change', () => visitPhotos.choose());
  $('log-photos').addEventListener('change', () => logPhotos.choose());
  $('update-form').addEventListener('submit', saveUpdate);
  $('log-form').addEventListener('submit', saveLog);
  window.xiangtuApp = { resendAll: () => queue.resendAll() };
  $('sign-out').addEventListener('click', async () => { await signOut().catch(() => {}); show('signin'); });
  $('signin-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const session = await signIn($('signin-name').value, $('signin-password').value);
      if (session.role !== 'cadre') throw new Error(t('app.signin.notCadre'));
      await loadHouseholds();
    } catch (error) {
      $('signin-error').textContent = t('app.signin.failed', { detail: error.problem?.detail || error.message });
      $('signin-error').hidden = false;
    }
  });
  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/app-sw.js', { scope: '/app' }).catch(() => {});
  if (navigator.storage?.persist && !localStorage.getItem('xiangtu.app.persistAsked')) {
    localStorage.setItem('xiangtu.app.persistAsked', '1');
    navigator.storage.persist().catch(() => {});
  }
  await queue.sync();
  let session = null;
  try {
    session = await getSession();
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
  }
  if (session?.signedIn && session.role === 'cadre') await loadHouseholds();
  else if (!session && (await all('households')).length) await loadHouseholds();
  else show('signin');
  document.body.dataset.ready = 'true';
}

start();

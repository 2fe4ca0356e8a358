// The cadres' offline field app at /app: sign-in, "my households" (kept in IndexedDB), a household with its
// point and village outline, and the visit form whose visits and photos (reduced and read by exif.js) go to
// the device queue (queue.js) first. `window.xiangtuApp.resendAll()` sends everything recorded here again
// (the browser test's forced resend; the server keeps one of each).

import * as L from 'leaflet';
import './strings.js';
import { t, getLang, setLang, translate, onLangChange, htmlLang } from '../core/i18n.js';
import { getSession, signIn, signOut, getItems, getJson, NetworkError } from '../core/api.js';
import { all, replaceAll, put } from './db.js';
import { VisitQueue } from './queue.js';
import { preparePhoto, distanceMeters, insideGeometry } from './exif.js';

const $ = (id) => document.getElementById(id);
const FIELDS = ['code', 'head_name', 'village_code', 'size', 'class', 'main_cause', 'food_clothing', 'housing', 'water',
  'education', 'medical', 'lifted_year'];
const KINDS = ['monthly', 'festival', 'season', 'emergency'];
let households = [];
let villages = new Map();
let current = null;
let map = null;
let position = null;
let chosen = []; // the photos chosen on the form, prepared (reduced, hashed, EXIF read)
/** A photo whose EXIF position is farther than this from the device's fix is flagged (not refused). */
const FAR_METERS = 500;

const queue = new VisitQueue((items) => {
  const problems = items.filter((i) => i.problem).length;
  $('queue-count').textContent = t('app.queue', { n: items.length }) + (problems ? t('app.queueProblem', { n: problems }) : '');
  $('queue-count').dataset.count = String(items.length);
  renderQueue(items);
});

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
    } else {
      li.textContent = t('app.queue.visit', { code: i.visit.household_code, date: new Date(i.visit.at).toLocaleString(htmlLang()) });
    }
    if (i.problem) li.append(' — ', t('app.queue.problem', { title: i.problem }));
    return li;
  }));
}

function show(view) {
  for (const id of ['signin', 'list', 'household']) $(id).hidden = id !== view;
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

async function renderList() {
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

function openHousehold(h) {
  current = h;
  const p = h.properties;
  show('household');
  $('household-title').textContent = `${p.head_name} · ${p.code}`;
  $('household-fields').replaceChildren(...FIELDS.flatMap((f) => {
    const dt = document.createElement('dt');
    const meta = fieldNames().get(f);
    const lang = getLang();
    dt.textContent = meta ? meta.title[lang] : t(`app.field.${f}`);
    const dd = document.createElement('dd');
    const value = p[f];
    const valueTitle = meta?.valueTitles?.[value];
    dd.textContent = value === null || value === undefined ? '—'
      : valueTitle ? valueTitle[lang] : `${value}${meta?.unit ? ` ${meta.unit[lang]}` : ''}`;
    return [dt, dd];
  }));
  $('visit-at').value = localDateTime(new Date());
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
  clearPhotos();
  locate();
}

function clearPhotos() {
  chosen = [];
  $('visit-photos').value = '';
  renderPhotos();
}

/** The chosen photos on the form, each flagged when its EXIF position is far from the device's fix. */
function renderPhotos() {
  $('visit-photo-list').replaceChildren(...chosen.map((p) => {
    const li = document.createElement('li');
    li.className = 'xa-photo';
    const img = document.createElement('img');
    img.src = p.url;
    img.alt = '';
    const text = document.createElement('span');
    text.textContent = p.taken_at ? t('app.photo.taken', { date: p.taken_at.replace('T', ' ') }) : t('app.photo.noTime');
    li.append(img, text);
    const flag = (text) => {
      const strong = document.createElement('strong');
      strong.className = 'xa-flag';
      strong.textContent = text;
      li.append(strong);
    };
    if (position && p.lat != null && distanceMeters(position, p) > FAR_METERS) {
      flag(t('app.photo.far', { n: Math.round(distanceMeters(position, p)) }));
    }
    const village = villages.get(current?.properties?.village_code);
    if (village && p.lat != null && !insideGeometry(village.geometry, p)) flag(t('app.photo.outside'));
    return li;
  }));
}

async function choosePhotos() {
  const files = [...$('visit-photos').files];
  $('visit-submit').disabled = true;
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
    $('visit-submit').disabled = false;
  }
  renderPhotos();
}

function locate() {
  position = null;
  $('visit-position').textContent = t('app.visit.noPosition');
  if (!navigator.geolocation) return;
  navigator.geolocation.getCurrentPosition((pos) => {
    position = { lon: pos.coords.longitude, lat: pos.coords.latitude };
    $('visit-position').textContent = t('app.visit.position', { lon: position.lon.toFixed(5), lat: position.lat.toFixed(5) });
    renderPhotos();
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
  if (position) Object.assign(visit, position);
  const photos = chosen.map(({ url, ...p }) => ({ ...p, device_lon: position?.lon ?? null, device_lat: position?.lat ?? null }));
  await put('visits', { id: visit.id, household_code: visit.household_code, at: new Date(visit.at).toISOString(), visit });
  await queue.add(visit, photos);
  for (const p of chosen) URL.revokeObjectURL(p.url);
  $('visit-form').reset();
  clearPhotos();
  $('visit-at').value = localDateTime(new Date());
  status(t('app.visit.saved'));
  show('list');
  await renderList();
  window.scrollTo(0, 0);
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
  translate();
  onLangChange(() => {
    document.documentElement.lang = htmlLang();
    translate();
    for (const o of $('visit-kind').options) o.textContent = t(`app.kind.${o.value}`);
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
  $('visit-photos').addEventListener('change', choosePhotos);
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

// Planners' imports: sends a survey file to /api/uploads, reports what the server did (features, source
// CRS, encoding, repaired and dropped geometries) and draws the imported layers on the map. Popups are
// built as text by the shared popupContent: attribute values never become HTML.

import { geoJSON, circleMarker } from 'leaflet';
import { popupContent } from '../map/feature-layer.js';
import { getLang, t } from '../core/i18n.js';
import {
  uploadLayer, getPlannerLayers, getPlannerItems, publishPlannerLayer, deletePlannerLayer,
} from '../core/api.js';

const STYLE = { color: '#e8590c', weight: 2, fillColor: '#ffa94d', fillOpacity: 0.25 };

/** A planner layer (as /api/planner-layers describes it) in the catalogue's shape, for popups. */
function definition(layer) {
  const fields = layer.fields.map((f) => ({ name: f.name, type: f.type, title: { zh: f.title, en: f.title } }));
  const label = layer.fields.find((f) => f.type === 'string');
  return {
    id: layer.id, title: { zh: layer.title, en: layer.title }, fields, labelField: label ? label.name : null,
  };
}

/** The bytes of a CSV's start as text: UTF-8 when they are, else GBK (as the server decides without a choice). */
function decodeStart(bytes, chosen) {
  if (chosen) return new TextDecoder(chosen.toLowerCase() === 'gbk' ? 'gbk' : 'utf-8').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice(0, bytes.length - 3)); // a cut character
    } catch {
      return new TextDecoder('gbk').decode(bytes);
    }
  }
}

/** The header row's column names: the first line, split on the delimiter the server would pick, quotes removed. */
export function csvHeader(text) {
  const line = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] || '';
  const delimiter = [',', '\t', ';', '|'].reduce((best, d) => (line.split(d).length > line.split(best).length ? d : best), ',');
  const out = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (c === '"') {
      if (quoted && line[i + 1] === '"') { cell += '"'; i += 1; } else quoted = !quoted;
    } else if (c === delimiter && !quoted) {
      out.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  out.push(cell.trim());
  return out.filter((name) => name !== '');
}

/** The first name of the column list that is one of the candidates (case-insensitive), or ''. */
function detect(columns, candidates) {
  return columns.find((c) => candidates.includes(c.toLowerCase())) || '';
}

const LON = ['lon', 'lng', 'long', 'longitude', '经度', 'x'];
const LAT = ['lat', 'latitude', '纬度', 'y'];
const CODE = ['code', '代码', '编码', '区划代码', '行政区划代码', 'town_code', 'village_code'];

export class ImportPanel {
  /**
   * @param {{form: HTMLFormElement, file: HTMLInputElement, title: HTMLInputElement, crs: HTMLInputElement,
   *   gcj02: HTMLInputElement, towgs84: HTMLInputElement, csv: {fieldset: HTMLFieldSetElement,
   *   encoding: HTMLSelectElement, join: HTMLSelectElement, lon: HTMLSelectElement, lat: HTMLSelectElement,
   *   joinColumn: HTMLSelectElement}, warnings: HTMLElement, status: HTMLElement, list: HTMLElement}} dom
   * @param {import('leaflet').Map} map
   * @param {{onImported?: (layer: object) => void}} [options]
   */
  constructor(dom, map, { onImported = () => {} } = {}) {
    this._dom = dom;
    this._map = map;
    this._onImported = onImported;
    this.layers = new Map(); // id → {info, layer}
    this.lastReport = null;
    this.csvColumns = [];
    dom.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    dom.file.addEventListener('change', () => this._readCsvHeader());
    dom.csv.encoding.addEventListener('change', () => this._readCsvHeader());
    dom.csv.join.addEventListener('change', () => this._showCsvMode());
  }

  /**
   * A CSV chosen: its header is read here (the first 64 KB, UTF-8 or GBK) so the planner picks the coordinate
   * columns, or the code column of a table to join to the towns or villages, from the file's own names.
   */
  async _readCsvHeader() {
    const file = this._dom.file.files && this._dom.file.files[0];
    const csv = this._dom.csv;
    csv.fieldset.hidden = !file || !/\.csv$/i.test(file.name);
    if (csv.fieldset.hidden) return;
    const bytes = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
    this.csvColumns = csvHeader(decodeStart(bytes, csv.encoding.value));
    const fill = (select, guess) => {
      select.replaceChildren(new Option(t('import.auto'), ''), ...this.csvColumns.map((c) => new Option(c, c)));
      select.value = guess;
    };
    fill(csv.lon, detect(this.csvColumns, LON));
    fill(csv.lat, detect(this.csvColumns, LAT));
    fill(csv.joinColumn, detect(this.csvColumns, CODE));
    // a table without coordinate columns is most likely a list to join by code
    if (!csv.lon.value && !csv.lat.value && detect(this.csvColumns, CODE) && !csv.join.value) csv.join.value = 'towns';
    this._showCsvMode();
  }

  _showCsvMode() {
    const joining = !!this._dom.csv.join.value;
    for (const label of this._dom.csv.fieldset.querySelectorAll('[data-csv]')) {
      label.hidden = (label.dataset.csv === 'join') !== joining;
    }
  }

  /** The report's warnings (CRS assumed, datum, GCJ-02, joins, repairs …) under the status line, as text. */
  _showWarnings(report) {
    const items = [...(report.warnings || [])];
    for (const r of (report.repairs || []).slice(0, 5)) {
      items.push(t('import.repair', { index: r.index + 1, id: r.id ?? '', before: r.before, after: r.after }));
    }
    this._dom.warnings.replaceChildren(...items.map((w) => {
      const li = document.createElement('li');
      li.textContent = w;
      return li;
    }));
  }

  /** Draws the layers imported before. */
  async load() {
    for (const info of await getPlannerLayers()) await this._show(info, false);
    this._renderList();
  }

  async submit() {
    const file = this._dom.file.files && this._dom.file.files[0];
    if (!file) {
      this._dom.status.textContent = t('import.none');
      return null;
    }
    this._dom.status.textContent = t('import.working');
    try {
      const csv = this._dom.csv;
      const isCsv = !csv.fieldset.hidden;
      const joining = isCsv && !!csv.join.value;
      const info = await uploadLayer(file, {
        title: this._dom.title.value.trim(), crs: this._dom.crs.value.trim(), gcj02: this._dom.gcj02.checked,
        towgs84: this._dom.towgs84.value.trim(), encoding: isCsv ? csv.encoding.value : '',
        lon: isCsv && !joining ? csv.lon.value : '', lat: isCsv && !joining ? csv.lat.value : '',
        join: joining ? csv.join.value : '', joinColumn: joining ? csv.joinColumn.value : '',
      });
      const r = info.report || {};
      this.lastReport = info;
      this._showWarnings(r);
      this._dom.status.textContent = t('import.done', {
        title: info.title, features: info.features, crs: r.sourceCrs || '?',
        encoding: r.encoding ? t('import.encoding', { encoding: r.encoding }) : '',
        repaired: r.repaired ?? 0, dropped: r.dropped ?? 0,
      });
      await this._show(info, true);
      this._renderList();
      this._onImported(info);
      return info;
    } catch (error) {
      this._dom.warnings.replaceChildren();
      this._dom.status.textContent = t('import.failed', { detail: error.problem?.detail || error.message });
      return null;
    }
  }

  async _show(info, fit) {
    const def = definition(info);
    const collection = await getPlannerItems(info.id);
    const layer = geoJSON(collection, {
      style: () => STYLE,
      pointToLayer: (f, latlng) => circleMarker(latlng, { ...STYLE, radius: 6 }),
      onEachFeature: (feature, fl) => {
        fl.bindPopup(() => popupContent(def, feature, getLang()), { maxWidth: 360, className: 'xt-popup-wrapper' });
      },
    }).addTo(this._map);
    this.layers.get(info.id)?.layer.remove();
    this.layers.set(info.id, { info, layer, def, visible: true });
    if (fit && layer.getBounds().isValid()) this._map.fitBounds(layer.getBounds(), { padding: [24, 24], maxZoom: 16 });
  }

  /** Shows or hides an imported layer on the map. */
  setVisible(id, visible) {
    const entry = this.layers.get(id);
    if (!entry) return;
    entry.visible = visible;
    if (visible) entry.layer.addTo(this._map);
    else entry.layer.remove();
  }

  /** Zooms the map to an imported layer. */
  zoomTo(id) {
    const entry = this.layers.get(id);
    const bounds = entry?.layer.getBounds();
    if (!bounds || !bounds.isValid()) return;
    if (!entry.visible) this.setVisible(id, true);
    this._map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
  }

  /** Publishes an imported layer (everyone may see it) or withdraws it. */
  async publish(id, published) {
    const entry = this.layers.get(id);
    if (!entry) return;
    try {
      const info = await publishPlannerLayer(id, published);
      entry.info = { ...entry.info, published: info.published };
      this._renderList();
    } catch (error) {
      this._dom.status.textContent = t('import.actionFailed', { detail: error.problem?.detail || error.message });
    }
  }

  /** Deletes an imported layer after the planner confirms it. */
  async delete(id) {
    const entry = this.layers.get(id);
    if (!entry || !window.confirm(t('import.deleteConfirm', { title: entry.info.title }))) return;
    try {
      await deletePlannerLayer(id);
      entry.layer.remove();
      this.layers.delete(id);
      this._renderList();
      this._onImported(null);
    } catch (error) {
      this._dom.status.textContent = t('import.actionFailed', { detail: error.problem?.detail || error.message });
    }
  }

  /** Re-renders the list (after a language switch). */
  render() {
    this._renderList();
  }

  _renderList() {
    const button = (action, label, onClick) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'xt-button';
      b.dataset.action = action;
      b.textContent = label;
      b.addEventListener('click', onClick);
      return b;
    };
    const items = [...this.layers.values()].map(({ info, visible }) => {
      const li = document.createElement('li');
      li.className = 'xt-imported__item';
      li.dataset.layerId = info.id;
      const name = document.createElement('label');
      name.className = 'xt-imported__name';
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = visible;
      box.dataset.action = 'show';
      box.setAttribute('aria-label', `${t('import.show')} ${info.title}`);
      box.addEventListener('change', () => this.setVisible(info.id, box.checked));
      const title = document.createElement('span');
      title.textContent = `${info.title}（${info.features}）`;
      name.append(box, ' ', title);
      const state = document.createElement('span');
      state.className = 'xt-imported__state';
      state.dataset.published = String(Boolean(info.published));
      state.textContent = t(info.published ? 'import.published' : 'import.draft');
      li.append(name, state,
        button('zoom', t('import.zoom'), () => this.zoomTo(info.id)),
        button('publish', t(info.published ? 'import.unpublish' : 'import.publish'),
          () => this.publish(info.id, !info.published)),
        button('delete', t('import.delete'), () => this.delete(info.id)));
      return li;
    });
    this._dom.list.replaceChildren(...items);
  }
}

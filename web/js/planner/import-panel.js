// Planners' imports: sends a survey file to /api/uploads, reports what the server did (features, source
// CRS, encoding, repaired and dropped geometries) and draws the imported layers on the map. Popups are
// built as text by the shared popupContent: attribute values never become HTML.

import { geoJSON, circleMarker } from 'leaflet';
import { popupContent } from '../map/feature-layer.js';
import { getLang, t } from '../core/i18n.js';
import { uploadLayer, getPlannerLayers, getPlannerItems } from '../core/api.js';

const STYLE = { color: '#e8590c', weight: 2, fillColor: '#ffa94d', fillOpacity: 0.25 };

/** A planner layer (as /api/planner-layers describes it) in the catalogue's shape, for popups. */
function definition(layer) {
  const fields = layer.fields.map((f) => ({ name: f.name, type: f.type, title: { zh: f.title, en: f.title } }));
  const label = layer.fields.find((f) => f.type === 'string');
  return {
    id: layer.id, title: { zh: layer.title, en: layer.title }, fields, labelField: label ? label.name : null,
  };
}

export class ImportPanel {
  /**
   * @param {{form: HTMLFormElement, file: HTMLInputElement, title: HTMLInputElement, crs: HTMLInputElement,
   *   gcj02: HTMLInputElement, status: HTMLElement, list: HTMLElement}} dom
   * @param {import('leaflet').Map} map
   * @param {{onImported?: (layer: object) => void}} [options]
   */
  constructor(dom, map, { onImported = () => {} } = {}) {
    this._dom = dom;
    this._map = map;
    this._onImported = onImported;
    this.layers = new Map(); // id → {info, layer}
    this.lastReport = null;
    dom.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
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
      const info = await uploadLayer(file, {
        title: this._dom.title.value.trim(), crs: this._dom.crs.value.trim(), gcj02: this._dom.gcj02.checked,
      });
      const r = info.report || {};
      this.lastReport = info;
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
    this.layers.set(info.id, { info, layer, def });
    if (fit && layer.getBounds().isValid()) this._map.fitBounds(layer.getBounds(), { padding: [24, 24] });
  }

  _renderList() {
    const items = [...this.layers.values()].map(({ info }) => {
      const li = document.createElement('li');
      li.className = 'xt-imported__item';
      li.dataset.layerId = info.id;
      li.textContent = `${info.title}（${info.features}）`;
      return li;
    });
    this._dom.list.replaceChildren(...items);
  }
}

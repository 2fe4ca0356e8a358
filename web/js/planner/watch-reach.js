// The relapse watch on the planners' workspace ("防返贫：风险户离设施多远"): how many households at risk (an open
// alert, or under monitoring) lie farther than a distance from any feature of a public layer — water works,
// roads, industry bases —, counted by town (GET /api/watch/reach). Households are personal data: the answer
// holds counts only, a count about fewer than five households is withheld (null) and shown as "—", and the
// map shades each town by its count, withheld towns hatched grey. Every number comes from the answer.

import { geoJSON } from 'leaflet';
import { getLang, registerStrings, t } from '../core/i18n.js';
import { getJson } from '../core/api.js';
import { layerName } from '../core/layer-names.js';

registerStrings({
  zh: {
    'watchReach.title': '防返贫：风险户离设施多远',
    'watchReach.hint': '监测户和有未办结预警的户中，离所选设施超过该距离的户数，按镇街统计；不足 5 户的数字不公布。',
    'watchReach.layer': '设施图层', 'watchReach.distance': '距离（米）', 'watchReach.submit': '统计',
    'watchReach.town': '镇街', 'watchReach.atRisk': '风险户', 'watchReach.farther': '超出距离',
    'watchReach.total': '全区：风险户 {atRisk}，离{layer}超过 {distance} 米的 {farther}',
    'watchReach.withheld': '—', 'watchReach.withheldNote': '“—”：不足 5 户或可据此推算出不足 5 户的数字，不公布。',
    'watchReach.failed': '未能统计：{detail}',
  },
  en: {
    'watchReach.title': 'Relapse watch: households at risk far from services',
    'watchReach.hint': 'Of the households under monitoring or with an open alert, how many lie farther than the distance from the chosen layer, by town; counts under 5 are withheld.',
    'watchReach.layer': 'Layer', 'watchReach.distance': 'Distance (m)', 'watchReach.submit': 'Count',
    'watchReach.town': 'Town', 'watchReach.atRisk': 'At risk', 'watchReach.farther': 'Farther',
    'watchReach.total': 'District: {atRisk} at risk, {farther} farther than {distance} m from {layer}',
    'watchReach.withheld': '—', 'watchReach.withheldNote': '"—": fewer than 5 households, or a figure that would give such a count away; withheld.',
    'watchReach.failed': 'Could not count: {detail}',
  },
});

/** The layers offered: the public networks a planner overlays on risk. */
const LAYERS = ['water_works', 'water_pipes', 'roads', 'industry_bases', 'greenways'];
const SHADES = ['#fff5f0', '#fcbba1', '#fb6a4a', '#cb181d'];

export class WatchReach {
  /**
   * @param {{section, form, layer, distance, status, table}} dom
   * @param {import('leaflet').Map} map
   * @param {() => object[]} towns the towns' GeoJSON features
   */
  constructor(dom, map, towns) {
    this._dom = dom;
    this._map = map;
    this._towns = towns;
    this._overlay = null;
    this._answer = null;
    dom.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run();
    });
  }

  /** Shows the section (signed-in roles that reach the route) and fills the layer list in the page's language. */
  show(visible) {
    this._dom.section.hidden = !visible;
    const chosen = this._dom.layer.value || LAYERS[0];
    this._dom.layer.replaceChildren(...LAYERS.map((id) => new Option(layerName(id, getLang()), id)));
    this._dom.layer.value = chosen;
    if (this._answer) this._render(this._answer);
  }

  async run() {
    const layer = this._dom.layer.value;
    const distance = this._dom.distance.value || '1000';
    try {
      const answer = await getJson(`/api/watch/reach?layer=${encodeURIComponent(layer)}&distance=${encodeURIComponent(distance)}`);
      this._answer = answer;
      this._render(answer);
    } catch (error) {
      this._dom.status.textContent = t('watchReach.failed', { detail: error.problem?.detail || error.message });
    }
  }

  _render(a) {
    const lang = getLang();
    this._dom.section.classList.add('xt-watch-reach--answered'); // printed with its answer only
    const shown = (v) => (v === null || v === undefined ? t('watchReach.withheld') : String(v));
    this._dom.status.textContent = t('watchReach.total', {
      atRisk: shown(a.at_risk), farther: shown(a.farther), distance: a.distance_m, layer: layerName(a.layer, lang),
    });
    const head = document.createElement('tr');
    for (const key of ['town', 'atRisk', 'farther']) {
      const th = document.createElement('th');
      th.textContent = t(`watchReach.${key}`);
      head.append(th);
    }
    const rows = a.towns.map((town) => {
      const tr = document.createElement('tr');
      tr.dataset.town = town.code;
      for (const v of [town.name, shown(town.at_risk), shown(town.farther)]) {
        const td = document.createElement('td');
        td.textContent = v;
        tr.append(td);
      }
      return tr;
    });
    const note = document.createElement('caption');
    note.textContent = t('watchReach.withheldNote');
    this._dom.table.replaceChildren(note, head, ...rows);
    this._drawMap(a);
  }

  /** Each town shaded by its count farther (four classes of the published ones); a withheld town hatched grey. */
  _drawMap(a) {
    if (this._overlay) this._overlay.remove();
    const byCode = new Map(a.towns.map((town) => [town.code, town]));
    const published = a.towns.map((town) => town.farther).filter((v) => v !== null && v !== undefined);
    const max = Math.max(1, ...published);
    this._overlay = geoJSON(this._towns().filter((f) => byCode.has(f.properties.code)), {
      interactive: false,
      style: (f) => {
        const v = byCode.get(f.properties.code).farther;
        if (v === null || v === undefined) return { color: '#868e96', weight: 1, fillColor: '#ced4da', fillOpacity: 0.5, dashArray: '4 3', className: 'xt-watch-town xt-watch-town--withheld' };
        const shade = SHADES[Math.min(SHADES.length - 1, Math.floor((v / max) * (SHADES.length - 1) + 0.0001))];
        return { color: '#a61e4d', weight: 1, fillColor: shade, fillOpacity: 0.6, className: 'xt-watch-town' };
      },
    }).addTo(this._map);
  }
}

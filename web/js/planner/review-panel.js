// The review queue of household updates on the planners' workspace ("待审核"): every role that opens the
// workspace sees, on the map, how many reviews wait in each village (GET /api/reviews/by-village: counts
// only); leaders and administrators, who may see household data, also get the list — household code,
// the field's title, the value it had, the value now and the value proposed — and resolve each review by
// keeping the current value or applying the proposed one. Values are set as text, never as HTML.
// The planners' workspace calls `load()` again on every `review` event of /events (a cadre's update went
// to review, or somebody resolved one), so counts, markers and list follow without a reload.

import { circleMarker, layerGroup } from 'leaflet';
import { getLang, pick, registerStrings, t } from '../core/i18n.js';
import { getReviewCounts, getReviews, resolveReview } from '../core/api.js';

registerStrings({
  zh: {
    'reviews.title': '待审核',
    'reviews.none': '没有待审核的修改。',
    'reviews.count': '{n} 处待审核（{villages} 个村）',
    'reviews.marker': '{village}：{n} 处待审核',
    'reviews.household': '户 {code}',
    'reviews.base': '原值',
    'reviews.current': '现值',
    'reviews.proposed': '新值',
    'reviews.keep': '保留现值',
    'reviews.apply': '采用新值',
    'reviews.done': '已处理：{field}',
    'reviews.failed': '未能处理：{detail}',
    'reviews.empty': '（空）',
  },
  en: {
    'reviews.title': 'Waiting for review',
    'reviews.none': 'No changes wait for review.',
    'reviews.count': '{n} waiting for review ({villages} villages)',
    'reviews.marker': '{village}: {n} waiting for review',
    'reviews.household': 'Household {code}',
    'reviews.base': 'Was',
    'reviews.current': 'Now',
    'reviews.proposed': 'Proposed',
    'reviews.keep': 'Keep current value',
    'reviews.apply': 'Apply new value',
    'reviews.done': 'Resolved: {field}',
    'reviews.failed': 'Could not resolve: {detail}',
    'reviews.empty': '(empty)',
  },
});

const MARKER = { radius: 11, color: '#c92a2a', weight: 2, fillColor: '#ff8787', fillOpacity: 0.85 };

export class ReviewPanel {
  /**
   * @param {{section: HTMLElement, status: HTMLElement, list: HTMLElement}} dom
   * @param {import('leaflet').Map} map
   * @param {{villages: () => {feature: object, layer: object}[], canResolve: boolean,
   *   onResolved?: () => void}} options
   */
  constructor(dom, map, { villages, canResolve, onResolved = () => {} }) {
    this._dom = dom;
    this._map = map;
    this._villages = villages;
    this._canResolve = canResolve;
    this._onResolved = onResolved;
    this._markers = layerGroup().addTo(map);
    this._counts = [];
    this._reviews = [];
    this._message = '';
    this._loads = 0;
  }

  /**
   * Reads the counts (and, for leaders and administrators, the open reviews) and draws them. Loads may
   * overlap (a live event during a resolve): only the latest one started is drawn.
   */
  async load() {
    const n = ++this._loads;
    const counts = await getReviewCounts();
    const reviews = this._canResolve ? await getReviews('open') : [];
    if (n !== this._loads) return;
    this._counts = counts;
    this._reviews = reviews;
    this.render();
  }

  render() {
    const { section, status, list } = this._dom;
    section.hidden = false;
    const total = this._counts.reduce((sum, v) => sum + v.open, 0);
    const count = total ? t('reviews.count', { n: total, villages: this._counts.length }) : t('reviews.none');
    // the outcome of this page's last resolve stays beside the count, which may change live
    status.textContent = this._message ? `${this._message} · ${count}` : count;
    this._drawMarkers();
    list.replaceChildren(...this._reviews.map((r) => this._item(r)));
  }

  _drawMarkers() {
    this._markers.clearLayers();
    const byCode = new Map(this._counts.map((v) => [v.village_code, v.open]));
    for (const { feature, layer } of this._villages()) {
      const n = byCode.get(feature?.properties?.code);
      if (!n || !layer.getBounds) continue;
      const name = feature.properties.name ?? feature.properties.code;
      circleMarker(layer.getBounds().getCenter(), MARKER)
        .bindTooltip(t('reviews.marker', { village: name, n }), { permanent: true, direction: 'center',
          className: 'xt-review-count' })
        .addTo(this._markers);
    }
  }

  _item(r) {
    const li = document.createElement('li');
    li.className = 'xt-reviews__item';
    li.dataset.review = r.id;
    const head = document.createElement('p');
    head.className = 'xt-reviews__head';
    head.textContent = `${t('reviews.household', { code: r.household_code })} · ${pick(r.field_title, getLang()) || r.field}`;
    const values = document.createElement('dl');
    values.className = 'xt-reviews__values';
    for (const [key, value] of [['base', r.base_value], ['current', r.current_value], ['proposed', r.proposed_value]]) {
      const dt = document.createElement('dt');
      dt.textContent = t(`reviews.${key}`);
      const dd = document.createElement('dd');
      dd.dataset.value = key;
      dd.textContent = value ?? t('reviews.empty');
      values.append(dt, dd);
    }
    const buttons = document.createElement('div');
    buttons.className = 'xt-reviews__buttons';
    for (const [choice, label] of [['current', 'reviews.keep'], ['proposed', 'reviews.apply']]) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `xt-button${choice === 'proposed' ? ' xt-button--primary' : ''}`;
      b.dataset.choice = choice;
      b.textContent = t(label);
      b.addEventListener('click', () => this._resolve(r, choice, buttons));
      buttons.append(b);
    }
    li.append(head, values, buttons);
    return li;
  }

  async _resolve(review, choice, buttons) {
    for (const b of buttons.querySelectorAll('button')) b.disabled = true;
    try {
      await resolveReview(review.id, choice);
      this._message = t('reviews.done', { field: pick(review.field_title, getLang()) || review.field });
      await this.load();
      this._onResolved();
    } catch (e) {
      this._message = t('reviews.failed', { detail: e.message });
      for (const b of buttons.querySelectorAll('button')) b.disabled = false;
      this.render();
    }
  }
}

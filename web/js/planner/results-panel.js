// The results panel: the answer of /api/analysis/within, /whatif or a measurement, with Chinese (or English)
// labels. Every figure carries data-stat="section.key" so tests and screen readers find it. Text only.

import { getLang, pick, t } from '../core/i18n.js';
import { layerName } from '../core/layer-names.js';
import { withUnit } from './strings.js';
import { formatArea, formatLength, SQM_PER_MU } from '../core/format.js';
import { swatch } from '../map/legend-control.js';
import { REACH_STYLE, ADDED_STYLE, ADDED_BASE_STYLE } from './reach-layer.js';

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** A <dt>/<dd> pair; the <dd> carries data-stat (its key) and data-value (the number as the API gave it). */
function row(dl, label, value, stat, raw) {
  const dt = el('dt', '', label);
  const dd = el('dd', '', value);
  if (stat) dd.dataset.stat = stat;
  if (raw !== undefined) dd.dataset.value = String(raw);
  dl.append(dt, dd);
}

/**
 * Title of an allowed value: the catalogue's legend class title if there is one, else a title the field
 * gives for it (enumTitles), else the workspace's own word for it (enum.<layer>.<value>), else the value itself.
 */
export function enumTitle(catalog, layerId, value, field) {
  const def = catalog?.layers.find((l) => l.id === layerId);
  const lang = getLang();
  const cls = def?.legend?.classes?.find((c) => String(c.value) === String(value));
  if (cls) return pick(cls.title, lang);
  const f = field ? def?.fields?.find((x) => x.name === field) : null;
  const own = f?.enumTitles?.[value];
  if (own) return pick(own, lang);
  const key = `enum.${layerId}.${value}`;
  const word = t(key);
  return word && word !== key ? word : value;
}

function names(list) {
  const shown = (list || []).filter((n) => n !== null && n !== undefined && n !== '');
  if (shown.length === 0) return null;
  return shown.length > 12 ? `${shown.slice(0, 12).join('、')} …` : shown.join(getLang() === 'zh' ? '、' : ', ');
}

/** Renders analysis answers into a container. */
export class ResultsPanel {
  /** A layer's one name: its catalogue title (the same on every page). */
  _layerTitle(key) {
    return layerName(key, getLang());
  }

  constructor(container, catalog) {
    this._root = container;
    this._catalog = catalog;
    this._last = null; // {kind, answer} for re-rendering after a language switch
  }

  clear() {
    this._last = null;
    const empty = el('p', 'xt-hint', t('results.empty'));
    empty.dataset.i18n = 'results.empty'; // translated again on a language switch (core/i18n.js translate)
    this._root.replaceChildren(empty);
  }

  working() {
    this._root.replaceChildren(el('p', 'xt-hint', t('hint.working')));
  }

  error(detail) {
    this._last = null;
    const p = el('p', 'xt-results__error', t('results.error', { detail }));
    p.setAttribute('role', 'alert');
    this._root.replaceChildren(p);
  }

  rerender() {
    if (!this._last) return;
    const { kind, answer } = this._last;
    if (kind === 'within') this.within(answer);
    else if (kind === 'measure') this.measure(answer);
    else this.whatIf(answer);
  }

  /** The zone's own size: length of a line, area (m² and mu) and perimeter of a polygon or buffer. */
  _zone(parent, zone) {
    const dl = el('dl', 'xt-stats');
    const lang = getLang();
    if (zone.length_m > 0) row(dl, t('zone.length'), formatLength(zone.length_m, lang), 'zone.length_m', zone.length_m);
    if (zone.area_m2 > 0) row(dl, t('zone.area'), formatArea(zone.area_m2, lang), 'zone.area_m2', zone.area_m2);
    if (zone.perimeter_m > 0) row(dl, t('zone.perimeter'), formatLength(zone.perimeter_m, lang), 'zone.perimeter_m', zone.perimeter_m);
    if (zone.distance > 0) row(dl, t('zone.distance'), formatLength(zone.distance, lang), 'zone.distance', zone.distance);
    parent.append(el('h3', 'xt-results__heading', t('zone.title')), dl);
  }

  measure(answer) {
    this._last = { kind: 'measure', answer };
    const box = el('div', 'xt-results__measure');
    box.dataset.result = 'measure';
    box.append(el('h3', 'xt-results__heading', t('measure.title')));
    this._zone(box, answer.zone);
    this._root.replaceChildren(box);
  }

  within(answer) {
    this._last = { kind: 'within', answer };
    const box = el('div', 'xt-results__within');
    box.dataset.result = 'within';
    this._zone(box, answer.zone);
    const section = (key, fill) => {
      const s = answer[key];
      const sec = el('section', 'xt-results__section');
      sec.dataset.section = key;
      sec.append(el('h3', 'xt-results__heading', this._layerTitle(key)));
      const dl = el('dl', 'xt-stats');
      row(dl, t('stat.count'), withUnit(s.count, 'unit.count'), `${key}.count`, s.count);
      fill(dl, s);
      const list = names(s.names);
      if (list) row(dl, t('stat.names'), list, `${key}.names`);
      sec.append(dl);
      box.append(sec);
    };
    section('villages', (dl, s) => {
      for (const [k, unit] of [['households', 'unit.households'], ['population', 'unit.people'],
        ['poor_households', 'unit.households'], ['poor_people', 'unit.people']]) {
        if (s[k] !== null && s[k] !== undefined) row(dl, t(`stat.${k}`), withUnit(s[k], unit), `villages.${k}`, s[k]);
      }
    });
    section('industry_bases', (dl, s) => {
      row(dl, t('stat.mu'), formatArea(s.mu * SQM_PER_MU, getLang()), 'industry_bases.mu', s.mu);
      for (const [c, mu] of Object.entries(s.mu_by_category || {})) {
        row(dl, `· ${enumTitle(this._catalog, 'industry_bases', c, 'category')}`, formatArea(mu * SQM_PER_MU, getLang()), `industry_bases.mu_by_category.${c}`, mu);
      }
    });
    for (const [key, by, field] of [['water_pipes', 'km_by_kind', 'kind'], ['roads', 'km_by_grade', 'grade'], ['greenways', null, null]]) {
      section(key, (dl, s) => {
        row(dl, t('stat.km'), formatLength(s.km * 1000, getLang()), `${key}.km`, s.km);
        if (by) {
          for (const [k, km] of Object.entries(s[by] || {})) {
            row(dl, `· ${enumTitle(this._catalog, key, k, field)}`, formatLength(km * 1000, getLang()), `${key}.${by}.${k}`, km);
          }
        }
      });
    }
    section('water_works', () => {});
    section('greenway_stations', () => {});
    section('projects', (dl, s) => {
      for (const [status, n] of Object.entries(s.by_status || {})) {
        row(dl, `· ${enumTitle(this._catalog, 'projects', status, 'status')}`, withUnit(n, 'unit.count'), `projects.by_status.${status}`, n);
      }
    });
    if (answer.watch) box.append(this._watch(answer.watch));
    this._root.replaceChildren(box);
  }

  /** A heading for the watch's figures, marked synthetic as the demo's watch layers are. */
  _watchHeading(tag, className, key) {
    const h = el(tag, className, t(key));
    const mark = el('span', 'xt-results__synthetic', t('watch.synthetic'));
    mark.dataset.synthetic = 'true';
    h.append(' ', mark);
    return h;
  }

  /**
   * The households at risk the drawing reaches (answer.watch): totals, by tier and by cause. A withheld figure
   * (null: under 5 households, or one that would give such a count away) shows "—" with the note saying why.
   */
  _watch(w) {
    const lang = getLang();
    const sec = el('section', 'xt-results__section');
    sec.dataset.section = 'watch';
    sec.dataset.access = w.access;
    sec.append(this._watchHeading('h3', 'xt-results__heading', 'watch.title'));
    const dl = el('dl', 'xt-stats');
    const count = (v, unit = 'unit.households') => (v === null || v === undefined ? t('watch.withheld') : withUnit(v, unit));
    for (const key of ['households', 'with_open_alert', 'monitored_only', 'monitored', 'open_alerts']) {
      if (key in w) row(dl, t(`watch.${key}`), count(w[key], key === 'open_alerts' ? 'unit.count' : 'unit.households'), `watch.${key}`, w[key]);
    }
    sec.append(dl);
    for (const [list, key, heading] of [[w.by_tier, 'tier', 'watch.byTier'], [w.by_rule, 'rule', 'watch.byRule']]) {
      sec.append(el('h4', 'xt-results__subheading', t(heading)));
      const parts = el('dl', 'xt-stats');
      for (const item of list || []) {
        const title = item.title ? pick(item.title, lang) : item[key];
        row(parts, `· ${title}`, count(item.households), `watch.by_${key}.${item[key]}`, item.households);
      }
      sec.append(parts);
    }
    sec.append(el('p', 'xt-hint', t(w.access === 'household' ? 'watch.exactNote' : 'watch.withheldNote')));
    return sec;
  }

  /** A water works what-if's households at risk (answer.watch): reached today, newly, with the works. */
  _watchWhatIf(w) {
    const sec = el('section', 'xt-results__section');
    sec.dataset.section = 'watch';
    sec.dataset.access = w.access;
    sec.append(this._watchHeading('h4', 'xt-results__subheading', 'watch.whatif.title'));
    const dl = el('dl', 'xt-stats');
    for (const key of ['households', 'before', 'added', 'after']) {
      const v = w[key];
      row(dl, t(`watch.whatif.${key}`), v === null || v === undefined ? t('watch.withheld') : withUnit(v, 'unit.households'), `watch.${key}`, v);
    }
    sec.append(dl, el('p', 'xt-hint', t('watch.whatif.rule')));
    if (w.access !== 'household') sec.append(el('p', 'xt-hint', t('watch.whatif.withheldNote')));
    return sec;
  }

  whatIf(answer) {
    this._last = { kind: 'whatif', answer };
    const box = el('div', 'xt-results__whatif');
    box.dataset.result = 'whatif';
    box.append(el('h3', 'xt-results__heading', t(`whatif.title.${answer.kind}`, { reach: answer.reach })));
    if (answer.proposal.length_m > 0) {
      const dl = el('dl', 'xt-stats');
      row(dl, t('whatif.proposalLength'), formatLength(answer.proposal.length_m, getLang()), 'proposal.length_m', answer.proposal.length_m);
      box.append(dl);
    }
    for (const key of ['villages', 'industry_bases']) {
      const r = answer[key];
      if (!r) continue;
      const sec = el('section', 'xt-results__section');
      sec.dataset.section = key;
      sec.append(el('h4', 'xt-results__subheading', this._layerTitle(key)));
      const dl = el('dl', 'xt-stats');
      row(dl, t('whatif.today'), `${withUnit(r.before, 'unit.count')} / ${r.total}`, `${key}.before`, r.before);
      row(dl, t('whatif.after'), withUnit(r.after, 'unit.count'), `${key}.after`, r.after);
      row(dl, t('whatif.added'), withUnit(r.added_ids.length, 'unit.count'), `${key}.added`, r.added_ids.length);
      sec.append(dl);
      const list = names(r.added_names);
      sec.append(el('p', 'xt-results__names', list ?? t('whatif.none')));
      box.append(sec);
    }
    if (answer.kind === 'water_works') box.append(el('p', 'xt-hint', t('whatif.waterRule')));
    box.append(this._reachLegend(answer));
    // after the map's key, so the key stays beside the what-if's figures (and on the print's first page)
    if (answer.watch) box.append(this._watchWhatIf(answer.watch));
    this._root.replaceChildren(box);
  }

  /** What the map shows for a what-if (reach-layer.js): the reach and what it newly reaches, with their swatches. */
  _reachLegend(answer) {
    const legend = el('section', 'xt-results__legend');
    legend.dataset.section = 'legend';
    legend.append(el('h4', 'xt-results__subheading', t('whatif.legend.title')));
    const list = el('ul', 'xt-results__legend-list');
    const item = (style, text) => {
      const li = el('li', 'xt-results__legend-item');
      li.append(swatch({ kind: 'polygon', style }), el('span', '', text));
      list.append(li);
    };
    item(REACH_STYLE, t(`whatif.legend.reach.${answer.kind}`, { reach: answer.reach }));
    item(ADDED_STYLE, t('whatif.legend.added', { n: answer.villages?.added_ids?.length ?? 0 }));
    if (answer.industry_bases) {
      item(ADDED_BASE_STYLE, t('whatif.legend.addedLayer', {
        layer: this._layerTitle('industry_bases'), n: answer.industry_bases.added_ids?.length ?? 0,
      }));
    }
    legend.append(list);
    return legend;
  }
}

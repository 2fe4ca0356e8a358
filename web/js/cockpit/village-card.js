// The village card of a village-level dashboard: its metrics and its public fields (titles from the catalogue).

import { t, pick, formatValue } from '../core/i18n.js';
import { formatMetric, formatNumber, joinUnit } from '../core/format.js';
import { THEMES } from '../map/themes.js';
import { legendClassFor } from '../map/style.js';

/** Fields shown elsewhere on the card (heading, town line). */
const SKIPPED_FIELDS = new Set(['name', 'town_code']);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Counts and amounts with thousands separators; years, codes and everything else as the catalogue formats them. */
function fieldText(value, field, lang) {
  const isAmount = typeof value === 'number' && (field.type === 'integer' || field.type === 'number')
    && !/(^|_)year$/.test(field.name);
  if (!isAmount) return formatValue(value, field, lang);
  return joinUnit(formatNumber(value, lang), field.unit ? pick(field.unit, lang) : '');
}

function row(list, key, term, value) {
  const wrap = el('div', 'xt-card__row');
  wrap.dataset.field = key;
  wrap.append(el('dt', 'xt-card__term', term), el('dd', 'xt-card__value', value));
  list.append(wrap);
}

/**
 * Renders into a <section id="village-card">: `h2.xt-card__title`, `.xt-card__town`,
 * `dl.xt-card__metrics` and `dl.xt-card__profile`, rows `[data-field=<metric or field name>]`.
 * The public fields are response.village.properties (or, failing that, the village object itself),
 * titled and formatted by the catalogue's villages layer (its legend field shows the class title); only
 * fields present in the answer are shown.
 */
export class VillageCard {
  constructor(section) {
    this._section = section;
  }

  /**
   * @param {object|null} village response.village (null hides the card)
   * @param {{def: object|null, townName?: string|null, lang: 'zh'|'en'}} options `def`: the catalogue's villages layer
   */
  render(village, { def = null, townName = null, lang }) {
    this._section.hidden = !village;
    if (!village) {
      this._section.replaceChildren();
      return;
    }
    const properties = village.properties ?? village.fields ?? village;
    const header = el('header', 'xt-card__header');
    const badge = el('p', 'xt-card__badge', t('village.card', {}, lang));
    const title = el('h2', 'xt-card__title', village.name ?? properties.name ?? village.code);
    title.id = 'village-card-title';
    header.append(badge, title);
    const town = village.town_name ?? townName;
    if (town) header.append(el('p', 'xt-card__town', `${t('village.town', {}, lang)}${lang === 'zh' ? '：' : ': '}${town}`));
    this._section.setAttribute('aria-labelledby', title.id);

    const metricsTitle = el('h3', 'xt-card__subtitle', t('village.metrics', {}, lang));
    const metrics = el('dl', 'xt-card__metrics');
    for (const theme of THEMES) {
      const value = village.metrics ? village.metrics[theme.metric] : null;
      row(metrics, theme.metric, t(`theme.${theme.id}`, {}, lang), formatMetric(value, theme.kind, lang));
    }

    const profileTitle = el('h3', 'xt-card__subtitle', t('village.profile', {}, lang));
    const profile = el('dl', 'xt-card__profile');
    const fields = Array.isArray(def?.fields) ? def.fields : [];
    for (const field of fields) {
      if (SKIPPED_FIELDS.has(field.name) || !(field.name in properties)) continue;
      const cls = def.legend && def.legend.field === field.name ? legendClassFor(def, properties) : null;
      const value = cls && cls.title ? pick(cls.title, lang) : fieldText(properties[field.name], field, lang);
      row(profile, field.name, pick(field.title, lang) || field.name, value);
    }
    this._section.replaceChildren(header, metricsTitle, metrics, profileTitle, profile);
  }
}

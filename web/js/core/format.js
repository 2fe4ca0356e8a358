// Pure number, measure and date formatting for dashboards (thousands separators, units). No DOM.

const LOCALES = { zh: 'zh-CN', en: 'en' };

/** Units of the dashboard metrics (docs/dashboard-api.md) by kind; ratios are shown in percent. */
export const METRIC_UNITS = {
  ratio: { zh: '%', en: '%' },
  percent: { zh: '%', en: '%' },
  yuanPerPerson: { zh: '元/人', en: 'yuan/person' },
  households: { zh: '户', en: 'households' },
  mu: { zh: '亩', en: 'mu' },
  count: { zh: '', en: '' },
};

const formatters = new Map();

function formatter(lang, minimumFractionDigits, maximumFractionDigits) {
  const key = `${lang}|${minimumFractionDigits}|${maximumFractionDigits}`;
  if (!formatters.has(key)) {
    formatters.set(key, new Intl.NumberFormat(LOCALES[lang] ?? LOCALES.zh, {
      useGrouping: true,
      minimumFractionDigits,
      maximumFractionDigits,
    }));
  }
  return formatters.get(key);
}

/**
 * How many decimals a dashboard number keeps: none for whole numbers, up to 2 below 10, else up to 1,
 * so a value the API rounded to one decimal is shown as it was sent.
 */
export function maxFractionDigits(value) {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  return Math.abs(value) < 10 ? 2 : 1;
}

/**
 * A number with thousands separators ("4,448", "1,561.4"); null, undefined or NaN → "—".
 * @param {number|null|undefined} value
 * @param {'zh'|'en'} lang
 * @param {{minimumFractionDigits?: number, maximumFractionDigits?: number}} [options]
 */
export function formatNumber(value, lang, options = {}) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return '—';
  const number = Number(value);
  const max = options.maximumFractionDigits ?? maxFractionDigits(number);
  const min = Math.min(options.minimumFractionDigits ?? 0, max);
  return formatter(lang, min, max).format(number);
}

/** Joins a formatted number and a unit: "98.8%", "4,448 户", "60 km"; no unit → the number alone. */
export function joinUnit(number, unit) {
  if (!unit) return number;
  if (unit === '%' || unit === '‰') return `${number}${unit}`;
  return `${number} ${unit}`;
}

/**
 * A KPI value as shown on a card.
 * @param {{value: number|null, unit?: {zh: string, en: string}|null, suppressed?: boolean}} kpi
 * @param {'zh'|'en'} lang
 * @returns {{number: string, unit: string, text: string}}
 */
export function formatKpi(kpi, lang) {
  let unit = kpi.unit ? (kpi.unit[lang] ?? kpi.unit.zh ?? '') : '';
  if (lang === 'en' && kpi.value === 1 && !kpi.suppressed) unit = singularUnit(unit);
  const number = formatNumber(kpi.suppressed ? null : kpi.value, lang);
  const text = number === '—' ? number : joinUnit(number, unit);
  return { number, unit: number === '—' ? '' : unit, text };
}

/** An English counting unit for one thing: "1 village", "1 household", "1 person" (not "1 villages"). */
export function singularUnit(unit) {
  if (unit === 'people') return 'person';
  return /^[a-z]+s$/.test(unit) ? unit.slice(0, -1) : unit;
}

/** Decimals for a metric kind (ratios in percent with one decimal, areas one decimal, counts none). */
export function metricDigits(kind) {
  switch (kind) {
    case 'ratio':
    case 'percent':
    case 'mu':
      return 1;
    default:
      return 0;
  }
}

/** A metric value as a number in the unit it is shown in (ratio 0.988 → 98.8). */
export function metricDisplayValue(value, kind) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return null;
  return kind === 'ratio' ? Number(value) * 100 : Number(value);
}

/**
 * A village or town metric as text: ratio 0.988 → "98.8%", income 15100 → "15,100 元/人".
 * @param {number|null} value
 * @param {'ratio'|'percent'|'yuanPerPerson'|'households'|'mu'|'count'} kind
 * @param {'zh'|'en'} lang
 * @param {{unit?: boolean}} [options] unit: false leaves the unit out (legend ranges)
 */
export function formatMetric(value, kind, lang, { unit = true } = {}) {
  const shown = metricDisplayValue(value, kind);
  if (shown === null) return '—';
  const digits = metricDigits(kind);
  const number = formatNumber(shown, lang, { minimumFractionDigits: digits, maximumFractionDigits: digits });
  if (!unit) return number;
  const units = METRIC_UNITS[kind];
  return joinUnit(number, units ? units[lang] ?? units.zh : '');
}

/** "2019-11" (or "2019-11-01") → "2019年11月" / "Nov 2019"; anything else is returned unchanged. */
export function formatMonth(month, lang) {
  const match = /^(\d{4})-(\d{2})/.exec(String(month ?? ''));
  if (!match) return String(month ?? '');
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1));
  return new Intl.DateTimeFormat(LOCALES[lang] ?? LOCALES.zh, { year: 'numeric', month: 'short', timeZone: 'UTC' })
    .format(date);
}

/** "2020-10-31" → "2020年10月31日" / "31 Oct 2020"; anything else is returned unchanged. */
export function formatDate(day, lang) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day ?? ''));
  if (!match) return String(day ?? '');
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return new Intl.DateTimeFormat(LOCALES[lang] ?? LOCALES.zh, { dateStyle: 'long', timeZone: 'UTC' }).format(date);
}

// ---- readable amounts, areas and lengths (popups and results): the unit follows the size of the number

function grouped(value, lang, digits) {
  return formatNumber(value, lang, { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

/**
 * An amount of money in yuan as people read it: "75.2万元", "1.35亿元", "860元" in Chinese;
 * "752,000 yuan", "1.35 million yuan" in English.
 * @param {number|null} yuan
 * @param {'zh'|'en'} lang
 */
export function formatYuan(yuan, lang) {
  if (yuan === null || yuan === undefined || !Number.isFinite(Number(yuan))) return '—';
  const v = Number(yuan);
  const a = Math.abs(v);
  if (lang === 'en') {
    if (a >= 1e6) return `${grouped(v / 1e6, lang, 2)} million yuan`;
    return `${grouped(v, lang, 0)} yuan`;
  }
  if (a >= 1e8) return `${grouped(v / 1e8, lang, 2)}亿元`;
  if (a >= 1e4) return `${grouped(v / 1e4, lang, 2)}万元`;
  return `${grouped(v, lang, 0)}元`;
}

/** Square metres per mu (亩) and per hectare. */
export const M2_PER_MU = 666.67;
export const M2_PER_HA = 10000;

/** Square metres in one mu (亩), one hectare (公顷) and one square kilometre. */
export const SQM_PER_MU = 10000 / 15;
const SQM_PER_HA = 10_000;
const SQM_PER_KM2 = 1_000_000;

const AREA_UNITS = {
  m2: { zh: '平方米', en: 'm²' },
  mu: { zh: '亩', en: 'mu' },
  ha: { zh: '公顷', en: 'ha' },
  km2: { zh: '平方公里', en: 'km²' },
  m: { zh: '米', en: 'm' },
  km: { zh: '公里', en: 'km' },
};

function unitText(number, key, lang) {
  const unit = AREA_UNITS[key][lang] ?? AREA_UNITS[key].zh;
  return lang === 'en' ? `${number} ${unit}` : `${number}${unit}`;
}

/**
 * An area in square metres as people read it: below one mu in m², below one km² in 亩 with 公顷 beside it,
 * else in km² with 亩 (万亩 in Chinese) beside it. "86.34平方公里（12.95万亩）", "123.4 mu (8.23 ha)".
 * @param {number|null|undefined} m2
 * @param {'zh'|'en'} lang
 */
export function formatArea(m2, lang) {
  if (m2 === null || m2 === undefined || !Number.isFinite(Number(m2))) return '—';
  const a = Number(m2);
  const n = (v, digits) => formatNumber(v, lang, { maximumFractionDigits: digits });
  const open = lang === 'en' ? ' (' : '（';
  const close = lang === 'en' ? ')' : '）';
  if (a < SQM_PER_MU) return unitText(n(a, 0), 'm2', lang);
  const mu = a / SQM_PER_MU;
  if (a < SQM_PER_KM2) {
    return `${unitText(n(mu, mu < 100 ? 1 : 0), 'mu', lang)}${open}${unitText(n(a / SQM_PER_HA, 2), 'ha', lang)}${close}`;
  }
  const muText = lang === 'en' ? unitText(n(mu, 0), 'mu', lang) : `${n(mu / 10_000, 2)}万亩`;
  return `${unitText(n(a / SQM_PER_KM2, 2), 'km2', lang)}${open}${muText}${close}`;
}

/** A length in metres: below a kilometre in m, else in km ("850米", "12.35 km"). */
export function formatLength(metres, lang) {
  if (metres === null || metres === undefined || !Number.isFinite(Number(metres))) return '—';
  const m = Number(metres);
  if (m < 1000) return unitText(formatNumber(m, lang, { maximumFractionDigits: 0 }), 'm', lang);
  return unitText(formatNumber(m / 1000, lang, { maximumFractionDigits: m < 10_000 ? 2 : 1 }), 'km', lang);
}

/** Which readable form a catalogue unit ({zh, en}) calls for: 'yuan', 'area', 'length' or null. */
export function measureKind(unit) {
  const u = unit ? String(unit.en ?? unit.zh ?? '').trim().toLowerCase() : '';
  const zh = unit ? String(unit.zh ?? '').trim() : '';
  if (u === 'yuan' || zh === '元') return 'yuan';
  if (u === 'm²' || u === 'm2' || u === 'square metres' || zh === '平方米') return 'area';
  if (u === 'm' || u === 'metres' || zh === '米') return 'length';
  return null;
}

/**
 * A catalogue field's value in readable units when its unit calls for it (yuan, m², m), else null.
 * @param {unknown} value
 * @param {{unit?: {zh: string, en: string}}} field
 * @param {'zh'|'en'} lang
 */
export function formatMeasure(value, field, lang) {
  if (value === null || value === undefined || value === '' || !Number.isFinite(Number(value))) return null;
  switch (measureKind(field && field.unit)) {
    case 'yuan':
      return formatYuan(value, lang);
    case 'area':
      return formatArea(value, lang);
    case 'length':
      return formatLength(value, lang);
    default:
      return null;
  }
}

/**
 * The display name of an allowed value (the field's valueTitles, else the layer's legend class), or null.
 * @param {object} def catalogue layer
 * @param {{name: string, valueTitles?: object}} field
 * @param {unknown} value
 * @param {'zh'|'en'} lang
 */
export function valueTitle(def, field, value, lang) {
  if (value === null || value === undefined) return null;
  const titles = field && field.valueTitles;
  let title = titles ? titles[String(value)] : null;
  if (!title && def && def.legend && def.legend.field === field.name && Array.isArray(def.legend.classes)) {
    title = def.legend.classes.find((c) => String(c.value) === String(value))?.title ?? null;
  }
  if (!title) return null;
  return typeof title === 'string' ? title : (title[lang] ?? title.zh ?? null);
}

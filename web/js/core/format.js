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
  const unit = kpi.unit ? (kpi.unit[lang] ?? kpi.unit.zh ?? '') : '';
  const number = formatNumber(kpi.suppressed ? null : kpi.value, lang);
  const text = number === '—' ? number : joinUnit(number, unit);
  return { number, unit: number === '—' ? '' : unit, text };
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

/**
 * An area given in square metres: below 10 ha in mu ("12.5 亩"), below 1 km² in hectares ("45.2 公顷"),
 * else in km² ("86.34 km²"); English "mu", "ha", "km²".
 * @param {number|null} m2
 * @param {'zh'|'en'} lang
 */
export function formatArea(m2, lang) {
  if (m2 === null || m2 === undefined || !Number.isFinite(Number(m2))) return '—';
  const v = Number(m2);
  const a = Math.abs(v);
  if (a < 10 * M2_PER_HA) return joinUnit(grouped(v / M2_PER_MU, lang, 1), lang === 'en' ? 'mu' : '亩');
  if (a < 1e6) return joinUnit(grouped(v / M2_PER_HA, lang, 1), lang === 'en' ? 'ha' : '公顷');
  return joinUnit(grouped(v / 1e6, lang, 2), 'km²');
}

/**
 * A length given in metres: below 1 km in metres ("850 m"), else in km ("12.3 km"); Chinese "米", "公里".
 * @param {number|null} m
 * @param {'zh'|'en'} lang
 */
export function formatLength(m, lang) {
  if (m === null || m === undefined || !Number.isFinite(Number(m))) return '—';
  const v = Number(m);
  if (Math.abs(v) < 1000) return joinUnit(grouped(v, lang, 0), lang === 'en' ? 'm' : '米');
  return joinUnit(grouped(v / 1000, lang, Math.abs(v) < 1e5 ? 2 : 1), lang === 'en' ? 'km' : '公里');
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

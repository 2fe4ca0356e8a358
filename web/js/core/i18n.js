// Interface strings in Chinese and English, the current language, and locale-aware value formatting.

export const LANGS = ['zh', 'en'];
export const DEFAULT_LANG = 'zh';
const STORAGE_KEY = 'xiangtu.lang';

const STRINGS = {
  zh: {
    'app.name': '乡图',
    'app.loading': '正在加载地图…',
    'lang.group': '界面语言',
    'notice.label': '提示：',
    'attribution.synthetic': '演示数据：几何为合成，非测绘成果',
    'switcher.title': '图层',
    'switcher.show': '显示图层列表',
    'switcher.hide': '隐藏图层列表',
    'legend.title': '图例',
    'legend.show': '显示图例',
    'legend.hide': '隐藏图例',
    'legend.empty': '没有显示的图层',
    'popup.updated': '更新时间：{time}',
    'value.true': '是',
    'value.false': '否',
    'value.null': '—',
    'zoom.in': '放大',
    'zoom.out': '缩小',
    'map.label': '地图',
    'error.title': '地图加载失败',
    'error.network': '无法连接服务器，请检查网络后重试。',
    'error.http': '服务器返回错误（{status}）：{detail}',
    'error.notFound': '找不到所需的数据（{detail}）。',
    'error.parse': '服务器返回的数据无法识别。',
    'error.unknown': '发生意外错误：{detail}',
    'error.reload': '重新加载',
  },
  en: {
    'app.name': 'Xiangtu',
    'app.loading': 'Loading the map…',
    'lang.group': 'Interface language',
    'notice.label': 'Notice:',
    'attribution.synthetic': 'Demo data: synthetic geometry, not survey data',
    'switcher.title': 'Layers',
    'switcher.show': 'Show layer list',
    'switcher.hide': 'Hide layer list',
    'legend.title': 'Legend',
    'legend.show': 'Show legend',
    'legend.hide': 'Hide legend',
    'legend.empty': 'No layers shown',
    'popup.updated': 'Updated: {time}',
    'value.true': 'Yes',
    'value.false': 'No',
    'value.null': '—',
    'zoom.in': 'Zoom in',
    'zoom.out': 'Zoom out',
    'map.label': 'Map',
    'error.title': 'The map could not be loaded',
    'error.network': 'Cannot reach the server. Check the connection and try again.',
    'error.http': 'The server returned an error ({status}): {detail}',
    'error.notFound': 'Required data was not found ({detail}).',
    'error.parse': 'The server sent data that could not be read.',
    'error.unknown': 'Unexpected error: {detail}',
    'error.reload': 'Reload',
  },
};

/** Maps "zh", "zh-CN", "EN", … to a supported language, or null. */
export function normalizeLang(value) {
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  if (v.startsWith('zh')) return 'zh';
  if (v.startsWith('en')) return 'en';
  return null;
}

function readStored() {
  try {
    return normalizeLang(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null; // storage disabled (privacy mode, file://)
  }
}

function initialLang() {
  const fromUrl = normalizeLang(new URLSearchParams(window.location.search).get('lang'));
  return fromUrl || readStored() || DEFAULT_LANG;
}

let current = initialLang();
const listeners = new Set();

/** @returns {'zh'|'en'} */
export function getLang() {
  return current;
}

/** BCP 47 tag for the <html lang> attribute and Intl formatters. */
export function htmlLang(lang = current) {
  return lang === 'en' ? 'en' : 'zh-CN';
}

/**
 * Switches language, remembers it in localStorage, keeps an explicit ?lang= in the address bar in step
 * (so a reload shows the same language), and notifies listeners.
 */
export function setLang(lang) {
  const next = normalizeLang(lang);
  if (!next || next === current) return;
  current = next;
  try {
    window.localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // not persisted; the switch still applies to this page
  }
  const url = new URL(window.location.href);
  if (url.searchParams.has('lang')) {
    url.searchParams.set('lang', next);
    window.history.replaceState(window.history.state, '', url);
  }
  for (const listener of [...listeners]) listener(next);
}

/** Calls `listener(lang)` after every change; returns the function that unsubscribes it. */
export function onLangChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Interface string for `key` in `lang`, with {name} placeholders filled from `vars`. */
export function t(key, vars = {}, lang = current) {
  const text = STRINGS[lang]?.[key] ?? STRINGS[DEFAULT_LANG][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
}

/** Picks one language out of a catalogue text `{zh, en}`, falling back to the other one. */
export function pick(text, lang = current) {
  if (text == null) return '';
  if (typeof text === 'string') return text;
  return text[lang] ?? text.zh ?? text.en ?? '';
}

/**
 * A property value as display text: null → "—", booleans → 是/否 (Yes/No), numbers in the locale,
 * followed by the field's unit if it has one.
 * @param {unknown} value
 * @param {{type?: string, unit?: {zh: string, en: string}}} [field]
 */
export function formatValue(value, field = {}, lang = current) {
  if (value === null || value === undefined || value === '') return t('value.null', {}, lang);
  let text;
  if (typeof value === 'boolean') {
    text = t(value ? 'value.true' : 'value.false', {}, lang);
  } else if (typeof value === 'number') {
    // No digit grouping: integer fields also hold years and codes.
    text = new Intl.NumberFormat(htmlLang(lang), { maximumFractionDigits: 6, useGrouping: false }).format(value);
  } else if (typeof value === 'object') {
    text = JSON.stringify(value);
  } else {
    text = String(value);
  }
  const unit = field.unit ? pick(field.unit, lang) : '';
  if (!unit || typeof value === 'boolean') return text;
  return lang === 'zh' ? `${text}${unit}` : `${text} ${unit}`;
}

/** An RFC 3339 timestamp as local date and time, or "—". */
export function formatTimestamp(value, lang = current) {
  if (!value) return t('value.null', {}, lang);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat(htmlLang(lang), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

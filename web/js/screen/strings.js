// The screen's own interface strings (zh, en); shared words come from core/i18n.js.

import { getLang } from '../core/i18n.js';

const STRINGS = {
  zh: {
    badge: '数据大屏',
    asOf: '数据截至 {date}',
    refreshed: '更新于 {time}',
    offline: '离线 · 自 {time}',
    paused: '已暂停（空格键继续）',
    feed: '最新动态',
    feedEmpty: '暂无更新',
    progress: '{name}：{status}，进度 {pct}%',
    layerChanged: '图层“{layer}”已更新',
    loading: '正在加载…',
    error: '数据加载失败，正在重试…',
  },
  en: {
    badge: 'Public display',
    asOf: 'Data as of {date}',
    refreshed: 'updated {time}',
    offline: 'Offline since {time}',
    paused: 'Paused (space resumes)',
    feed: 'Latest updates',
    feedEmpty: 'No updates yet',
    progress: '{name}: {status}, {pct}% done',
    layerChanged: 'Layer "{layer}" updated',
    loading: 'Loading…',
    error: 'Data could not be loaded; retrying…',
  },
};

/** The screen string `key` in the current language, {name} placeholders filled from `vars`. */
export function s(key, vars = {}, lang = getLang()) {
  const text = STRINGS[lang]?.[key] ?? STRINGS.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
}

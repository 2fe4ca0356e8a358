// Interface strings in Chinese and English, the current language, and locale-aware value formatting.
// One string table and one lookup, t(key, vars), for every page: the words the pages share are below, and
// each page registers its own table (planner/strings.js, screen/strings.js) with registerStrings.

import { normalizeLang, parseParams, LANG_PARAMS } from './params.js';

export { normalizeLang };

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
    'error.home': '返回全区',
    'cockpit.badge': '领导驾驶舱',
    'cockpit.loading': '正在加载数据…',
    'period.label': '数据范围',
    'period.year': '收入年度',
    'period.asOf': '截至日期',
    'period.dataDate': '数据截至 {date}',
    'period.yearShown': '收入年度 {year}',
    'print.button': '打印',
    'print.title': '打印本页（A4 横向）',
    'briefing.button': '导出简报',
    'briefing.titleDistrict': '下载全区简报（PDF，每个镇街一页）',
    'briefing.titleTown': '下载{town}简报（PDF，每个村一页）',
    'briefing.busy': '正在生成…',
    'briefing.done': '已生成 {file}',
    'briefing.failed': '简报生成失败：{detail}',
    'briefing.tooMany': '服务器正在生成其他简报，请 {seconds} 秒后再试',
    'crumbs.label': '当前位置',
    'crumbs.up': '返回上一级',
    'level.district': '区',
    'kpi.title': '主要指标',
    'kpi.group.poverty': '脱贫攻坚',
    'kpi.aria': '{label}：{value}。按下在地图上突出显示相关要素',
    'kpi.suppressed': '不对公众公开',
    'kpi.highlighted': '地图上突出显示“{label}”的 {count} 个要素',
    'kpi.noFeatures': '“{label}”没有可在地图上显示的要素',
    'kpi.cleared': '已取消突出显示',
    'theme.title': '专题图',
    'theme.select': '专题',
    'theme.show': '显示专题图例',
    'theme.hide': '隐藏专题图例',
    'theme.water_coverage': '集中供水覆盖率',
    'theme.progress_pct': '项目进度',
    'theme.income': '人均可支配收入',
    'theme.poor_households': '建卡贫困户',
    'theme.industry_mu': '产业基地面积',
    'theme.noData': '无数据',
    'theme.count': '{count} 个',
    'theme.basis': '{count} 个村（社区），五分位分级',
    'theme.basisOne': '{count} 个村（社区）',
    'children.sorted': '按“{theme}”排序，落后的在前',
    'children.open': '查看{name}',
    'village.card': '村情卡',
    'village.town': '所属镇街',
    'village.metrics': '主要指标',
    'village.profile': '基本情况',
    'charts.title': '统计图',
    'chart.income': '农村居民人均可支配收入（元/人）',
    'chart.projectsByStatus': '项目状态（个）',
    'chart.projectsByKind': '项目类型（个）',
    'chart.industryMu': '产业基地面积（亩）',
    'chart.visitsByMonth': '每月入户走访（次）',
    'chart.series.income': '人均可支配收入',
    'chart.series.projects': '项目',
    'chart.series.mu': '面积',
    'chart.series.visits': '走访',
    'chart.empty': '无数据',
    'project.kind.industry': '产业',
    'project.kind.water': '供水',
    'project.kind.housing': '住房',
    'project.kind.road': '道路',
    'project.kind.greenway': '绿道',
    'project.kind.education': '教育',
    'project.kind.health': '医疗',
    'map.hint': '点击镇街或村查看详情',
    'header.pages': '页面',
    'header.page.cockpit': '领导驾驶舱',
    'header.page.planner': '规划工作台',
    'header.page.screen': '数据大屏',
    'header.page.onboard': '数据接入',
    'header.role.public': '公众',
    'header.role.leader': '领导',
    'header.role.planner': '规划人员',
    'header.role.admin': '管理员',
    'header.roleTitle': '当前身份',
    'header.signIn': '登录',
    'header.signOut': '退出登录',
    'header.signInTitle': '登录',
    'header.name': '用户名',
    'header.password': '密码',
    'header.submit': '登录',
    'header.cancel': '取消',
    'header.failed': '登录失败：{detail}',
    'skip.main': '跳到主要内容',
    'search.label': '查找地点',
    'search.placeholder': '镇街、村或项目（中文或拼音）',
    'search.none': '没有找到“{query}”',
    'search.count': '找到 {count} 个结果，用上下键选择，回车打开',
    'theme.basisSingle': '{count} 个村（社区）',
    'map.north': '指北针：上方为北',
    'map.cluster': '{count} 个{layer}，点击放大查看',
    'map.asOfNote': '{date}的状态（据进展记录）',
    'print.legend': '图例',
    'children.heading': '{name}（{count}）',
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
    'error.home': 'Back to the district',
    'cockpit.badge': "Leaders' cockpit",
    'cockpit.loading': 'Loading the figures…',
    'period.label': 'Period',
    'period.year': 'Income year',
    'period.asOf': 'As of',
    'period.dataDate': 'Data as of {date}',
    'period.yearShown': 'Income year {year}',
    'print.button': 'Print',
    'print.title': 'Print this page (A4 landscape)',
    'briefing.button': 'Briefing PDF',
    'briefing.titleDistrict': 'Download the district briefing (PDF, a page per town)',
    'briefing.titleTown': 'Download the briefing of {town} (PDF, a page per village)',
    'briefing.busy': 'Generating…',
    'briefing.done': 'Made {file}',
    'briefing.failed': 'The briefing could not be made: {detail}',
    'briefing.tooMany': 'The server is busy making other briefings; try again in {seconds} s',
    'crumbs.label': 'You are here',
    'crumbs.up': 'Up one level',
    'level.district': 'District',
    'kpi.title': 'Key figures',
    'kpi.group.poverty': 'Poverty alleviation',
    'kpi.aria': '{label}: {value}. Press to highlight its features on the map',
    'kpi.suppressed': 'Not shown to the public',
    'kpi.highlighted': '{count} features of "{label}" highlighted on the map',
    'kpi.noFeatures': '"{label}" has no features to show on the map',
    'kpi.cleared': 'Highlight cleared',
    'theme.title': 'Theme map',
    'theme.select': 'Theme',
    'theme.show': 'Show the theme legend',
    'theme.hide': 'Hide the theme legend',
    'theme.water_coverage': 'Water supply coverage',
    'theme.progress_pct': 'Project progress',
    'theme.income': 'Income per capita',
    'theme.poor_households': 'Poor households',
    'theme.industry_mu': 'Industry area',
    'theme.noData': 'No data',
    'theme.count': '{count}',
    'theme.basis': '{count} villages, quintile classes',
    'theme.basisOne': '{count} villages',
    'children.sorted': 'Sorted by "{theme}", laggards first',
    'children.open': 'Open {name}',
    'village.card': 'Village card',
    'village.town': 'Town',
    'village.metrics': 'Key figures',
    'village.profile': 'Profile',
    'charts.title': 'Charts',
    'chart.income': 'Rural disposable income per capita (yuan/person)',
    'chart.projectsByStatus': 'Projects by status',
    'chart.projectsByKind': 'Projects by kind',
    'chart.industryMu': 'Industry base area by category (mu)',
    'chart.visitsByMonth': 'Home visits per month',
    'chart.series.income': 'Income per capita',
    'chart.series.projects': 'Projects',
    'chart.series.mu': 'Area',
    'chart.series.visits': 'Visits',
    'chart.empty': 'No data',
    'project.kind.industry': 'Industry',
    'project.kind.water': 'Water',
    'project.kind.housing': 'Housing',
    'project.kind.road': 'Roads',
    'project.kind.greenway': 'Greenway',
    'project.kind.education': 'Education',
    'project.kind.health': 'Health',
    'map.hint': 'Click a town or village for details',
    'header.pages': 'Pages',
    'header.page.cockpit': "Leaders' cockpit",
    'header.page.planner': "Planners' workspace",
    'header.page.screen': 'Public display',
    'header.page.onboard': 'Onboarding',
    'header.role.public': 'Public',
    'header.role.leader': 'Leader',
    'header.role.planner': 'Planner',
    'header.role.admin': 'Administrator',
    'header.roleTitle': 'Signed in as',
    'header.signIn': 'Sign in',
    'header.signOut': 'Sign out',
    'header.signInTitle': 'Sign in',
    'header.name': 'User name',
    'header.password': 'Password',
    'header.submit': 'Sign in',
    'header.cancel': 'Cancel',
    'header.failed': 'Sign-in failed: {detail}',
    'skip.main': 'Skip to main content',
    'search.label': 'Find a place',
    'search.placeholder': 'Town, village or project (name or pinyin)',
    'search.none': 'Nothing found for "{query}"',
    'search.count': '{count} results; use the arrow keys and Enter',
    'theme.basisSingle': '{count} village',
    'map.north': 'North arrow: north is up',
    'map.cluster': '{count} × {layer}: click to zoom in',
    'map.asOfNote': 'State on {date} (from the progress history)',
    'print.legend': 'Legend',
    'children.heading': '{name} ({count})',
    'kpi.highlighted.one': '1 feature of "{label}" highlighted on the map',
    'search.count.one': '1 result; press Enter to open it',
  },
};

/**
 * Adds a page's interface strings to the table `t` reads. A key may be declared once only (a page that
 * needs other words for a shared key declares its own key, e.g. "planner.error.title"); Chinese is required
 * for every key, English falls back to it.
 * @param {{zh: Record<string, string>, en?: Record<string, string>}} table
 */
export function registerStrings(table) {
  for (const lang of LANGS) {
    for (const key of Object.keys(table[lang] ?? {})) {
      if (key in STRINGS[lang]) throw new Error(`Interface string "${key}" (${lang}) is declared twice`);
    }
  }
  for (const key of Object.keys(table.en ?? {})) {
    if (!(key in table.zh)) throw new Error(`Interface string "${key}" has English but no Chinese`);
  }
  for (const lang of LANGS) Object.assign(STRINGS[lang], table[lang] ?? {});
}

function readStored() {
  try {
    return normalizeLang(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null; // storage disabled (privacy mode, file://)
  }
}

function initialLang() {
  const fromUrl = parseParams(window.location.search, LANG_PARAMS).lang;
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

/**
 * Interface string for `key` in `lang`, with {name} placeholders filled from `vars`. When the count
 * (`vars.count` or `vars.n`) is 1 and the table has `key.one`, that singular form is used ("1 village").
 */
export function t(key, vars = {}, lang = current) {
  const one = (vars.count ?? vars.n) === 1 ? STRINGS[lang]?.[`${key}.one`] : undefined;
  const text = one ?? STRINGS[lang]?.[key] ?? STRINGS[DEFAULT_LANG][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (match, name) => (name in vars ? String(vars[name]) : match));
}

/** Fills every `[data-i18n]` element under `root` with its string in the current language. */
export function translate(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
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

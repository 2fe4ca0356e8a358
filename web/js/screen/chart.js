// The screen's one chart: a single ECharts instance, reused for every scene (setOption, never re-created).

import { t, pick } from '../core/i18n.js';
import { formatNumber, formatMetric, METRIC_UNITS } from '../core/format.js';
import { layerName } from '../core/layer-names.js';
import { CHART_FONT } from '../core/chart-options.js';
import { themeById, paletteFor } from '../map/themes.js';
import { classIndex } from '../map/classify.js';
import { rankTowns } from './scenes.js';

const INK = '#e9f1ff';
const MUTED = '#8aa4c8';
const GRID = 'rgba(138, 164, 200, 0.18)';
const ACCENT = '#3bc9db';
/** How many children a ranking shows (the best first): more would not be legible from five metres. */
export const RANKING_SIZE = 10;

/** Every text of the chart, in design pixels (24 at 1920×1080: legible from across the hall). */
export const CHART_TEXT = 24;

const isNumber = (v) => v !== null && v !== undefined && Number.isFinite(Number(v));

let measurer = null;
/** Width in pixels of a text at a font size (for the room the bar values need right of the bars). */
function textWidth(text, size) {
  measurer = measurer ?? document.createElement('canvas').getContext('2d');
  measurer.font = `${size}px ${CHART_FONT}`;
  return measurer.measureText(String(text)).width;
}

function base(scale) {
  return {
    animationDuration: 500,
    animationDurationUpdate: 500,
    aria: { enabled: true },
    textStyle: { fontFamily: CHART_FONT, color: INK, fontSize: Math.round(CHART_TEXT * scale) },
    grid: { left: 12 * scale, right: 24 * scale, top: 40 * scale, bottom: 8 * scale, containLabel: true },
  };
}

function bars({ categories, values, colors = [], format, scale, horizontal = true }) {
  const data = values.map((value, i) => (colors[i] ? { value, itemStyle: { color: colors[i] } } : value));
  const cats = horizontal ? [...categories].reverse() : categories;
  const size = Math.round(CHART_TEXT * scale);
  const label = { show: true, position: horizontal ? 'right' : 'top', color: INK, fontSize: size,
    formatter: ({ value, dataIndex }) => format(value, horizontal ? values.length - 1 - dataIndex : dataIndex) };
  const catAxis = { type: 'category', data: cats, axisTick: { show: false }, axisLine: { lineStyle: { color: MUTED } },
    axisLabel: { color: INK, fontSize: size, interval: 0 } };
  // the values stand right of the bars: the grid keeps room for the widest, so none is cut at the edge
  const widest = Math.max(0, ...values.map((v, i) => textWidth(format(v, i), size)));
  const grid = { ...base(scale).grid, right: Math.ceil(widest + 16 * scale) };
  const valAxis = { type: 'value', axisLabel: { show: false }, splitLine: { lineStyle: { color: GRID } } };
  return {
    ...base(scale),
    grid: horizontal ? grid : base(scale).grid,
    xAxis: horizontal ? valAxis : catAxis,
    yAxis: horizontal ? catAxis : valAxis,
    series: [{ type: 'bar', data: horizontal ? [...data].reverse() : data, color: ACCENT,
      barMaxWidth: 28 * scale, label, itemStyle: { borderRadius: 3 * scale } }],
  };
}

function empty(scale, lang) {
  return {
    ...base(scale),
    graphic: { type: 'text', left: 'center', top: 'middle',
      style: { text: t('chart.empty', {}, lang), fill: MUTED, fontSize: CHART_TEXT * scale, fontFamily: CHART_FONT } },
  };
}

/**
 * Title and ECharts option of a scene's chart.
 * @param {{type: string, metric?: string}} spec scenes.json `chart`
 * @param {object} dashboard the scene's /api/dashboard response
 * @param {{lang: 'zh'|'en', scale: number, labels: {status: Function, category: Function},
 *   breaks?: Map<string, number[]>}} ctx `breaks`: the map's fixed class breaks, to colour town bars alike
 * @returns {{title: string, option: object}}
 */
export function chartFor(spec, dashboard, { lang, scale, labels, breaks = new Map() }) {
  const charts = dashboard.charts ?? {};
  const num = (v) => formatNumber(v, lang);
  const size = Math.round(CHART_TEXT * scale);
  const kpi = (id) => (dashboard.kpis ?? []).find((k) => k.id === id) ?? null;
  switch (spec.type) {
    case 'income': {
      const income = charts.income ?? { years: [], values: [] };
      const option = {
        ...base(scale),
        xAxis: { type: 'category', data: income.years.map(String), axisLine: { lineStyle: { color: MUTED } },
          axisLabel: { color: INK, fontSize: size } },
        yAxis: { type: 'value', scale: true, axisLabel: { color: MUTED, fontSize: size },
          splitLine: { lineStyle: { color: GRID } } },
        series: [{ type: 'line', data: income.values, color: ACCENT, symbolSize: 12 * scale, smooth: true,
          lineStyle: { width: 4 * scale }, areaStyle: { opacity: 0.15 },
          label: { show: true, position: 'top', color: INK, fontSize: size,
            formatter: ({ value }) => num(value) } }],
      };
      return { title: t('chart.income', {}, lang), option: income.values.some(isNumber) ? option : empty(scale, lang) };
    }
    case 'projectsByStatus': {
      const entries = Object.entries(charts.projectsByStatus ?? {}).filter(([, v]) => isNumber(v) && v > 0);
      const option = {
        ...base(scale),
        series: [{ type: 'pie', radius: ['40%', '66%'], center: ['50%', '52%'],
          data: entries.map(([code, value]) => {
            const { name, color } = labels.status(code, lang);
            return { name, value, itemStyle: color ? { color, borderColor: '#0b1a2e', borderWidth: 2 * scale } : undefined };
          }),
          label: { color: INK, fontSize: size, formatter: ({ name, value }) => `${name}\n${num(value)}` },
          labelLine: { length: 10 * scale, length2: 10 * scale } }],
      };
      return { title: t('chart.projectsByStatus', {}, lang), option: entries.length ? option : empty(scale, lang) };
    }
    case 'projectsByKind':
    case 'industryMu': {
      const source = spec.type === 'industryMu' ? charts.industryMu : charts.projectsByKind;
      const entries = Object.entries(source ?? {}).filter(([, v]) => isNumber(v));
      const named = entries.map(([code]) => (spec.type === 'industryMu'
        ? labels.category(code, lang) : { name: t(`project.kind.${code}`, {}, lang), color: null }));
      const option = bars({ categories: named.map((n) => n.name), values: entries.map(([, v]) => v),
        colors: named.map((n) => n.color), format: num, scale });
      const title = t(spec.type === 'industryMu' ? 'chart.industryMu' : 'chart.projectsByKind', {}, lang);
      return { title, option: entries.length ? option : empty(scale, lang) };
    }
    case 'ranking': {
      const theme = themeById(spec.metric);
      const ranked = rankTowns(dashboard.children ?? [], theme.metric, theme.lagging).order
        .filter((child) => isNumber(child.metrics?.[theme.metric]))
        .slice(0, RANKING_SIZE);
      const cuts = breaks.get(theme.id) ?? [];
      const palette = paletteFor(theme.palette, Math.max(cuts.length - 1, 0));
      const option = bars({ categories: ranked.map((c) => c.name), values: ranked.map((c) => c.metrics[theme.metric]),
        colors: ranked.map((c) => palette[classIndex(c.metrics[theme.metric], cuts)] ?? null),
        format: (v) => formatMetric(v, theme.kind, lang), scale });
      const title = `${t(`theme.${theme.id}`, {}, lang)} · ${lang === 'zh' ? `前${RANKING_SIZE}名` : `top ${RANKING_SIZE}`}`;
      return { title, option: ranked.length ? option : empty(scale, lang) };
    }
    case 'townRanking': {
      // the towns of one comparison scene (ranks spec.from–spec.to), coloured with the map's fixed classes
      const theme = themeById(spec.metric);
      const ranked = rankTowns(dashboard.children ?? [], theme.metric, theme.lagging).order
        .filter((child) => isNumber(child.metrics?.[theme.metric]))
        .slice((spec.from ?? 1) - 1, spec.to ?? RANKING_SIZE);
      const cuts = breaks.get(theme.id) ?? [];
      const palette = paletteFor(theme.palette, Math.max(cuts.length - 1, 0));
      const option = bars({ categories: ranked.map((c) => c.name), values: ranked.map((c) => c.metrics[theme.metric]),
        colors: ranked.map((c) => palette[classIndex(c.metrics[theme.metric], cuts)] ?? null),
        format: (v) => formatMetric(v, theme.kind, lang), scale });
      const title = t('screen.chart.townRanking', { theme: t(`theme.${theme.id}`, {}, lang), from: spec.from ?? 1,
        to: spec.to ?? ranked.length }, lang);
      return { title, option: ranked.length ? option : empty(scale, lang) };
    }
    case 'watchEntered': {
      // the public watch summary's households entering monitoring per month; a withheld month shows "—"
      const series = dashboard.watch?.series ?? [];
      const months = series.map((m) => {
        const month = Number(String(m.month).slice(5, 7));
        return lang === 'zh' ? `${month}月` : new Intl.DateTimeFormat('en', { month: 'short' })
          .format(new Date(Date.UTC(2000, month - 1, 1)));
      });
      const withheld = series.map((m) => m.entered?.suppressed === true || m.entered?.value === null);
      const option = bars({ categories: months, values: series.map((m, i) => (withheld[i] ? 0 : m.entered.value)),
        format: (v, i) => (withheld[i] ? '—' : num(v)), scale, horizontal: false });
      option.xAxis.axisLabel = { ...option.xAxis.axisLabel, interval: 'auto' };
      return { title: t('screen.chart.watchEntered', {}, lang), option: series.length ? option : empty(scale, lang) };
    }
    case 'greenwayReach': {
      // how much of the district the greenway links: villages, industry bases and towns within its reach
      const parts = [
        ['greenway_villages', (dashboard.villages ?? []).length, 'villages'],
        ['greenway_bases', kpi('industry_mu')?.ids?.length ?? 0, 'industry_bases'],
        ['greenway_towns', (dashboard.children ?? []).filter((c) => c.level === 'town').length, 'towns'],
      ].filter(([id, total]) => isNumber(kpi(id)?.value) && total > 0);
      const shares = parts.map(([id, total]) => Math.round((1000 * kpi(id).value) / total) / 10);
      const counts = parts.map(([id, total]) => `${num(kpi(id).value)} / ${num(total)}`);
      const option = bars({ categories: parts.map(([, , layer]) => layerName(layer, lang)), values: shares,
        format: (v, i) => counts[i] ?? num(v), scale });
      const title = t('screen.chart.greenwayReach', { reach: num(dashboard.reach ?? 1000) }, lang);
      return { title, option: parts.length ? option : empty(scale, lang) };
    }
    case 'roadsHardened': {
      const km = kpi('roads_km')?.value;
      const share = kpi('hardened_share')?.value;
      const ok = isNumber(km) && isNumber(share);
      const hard = ok ? Math.round(km * share) / 100 : 0;
      const data = ok ? [
        { name: t('screen.chart.hardened', {}, lang), value: hard, itemStyle: { color: ACCENT } },
        { name: t('screen.chart.notHardened', {}, lang), value: Math.round((km - hard) * 10) / 10,
          itemStyle: { color: '#ffa94d' } },
      ] : [];
      const option = {
        ...base(scale),
        series: [{ type: 'pie', radius: ['40%', '62%'], center: ['50%', '52%'], data,
          itemStyle: { borderColor: '#0b1a2e', borderWidth: 2 * scale },
          label: { color: INK, fontSize: size, formatter: ({ name, value }) => `${name}\n${formatNumber(value, lang,
            { maximumFractionDigits: 1 })} ${lang === 'zh' ? '公里' : 'km'}` },
          labelLine: { length: 10 * scale, length2: 10 * scale } }],
      };
      return { title: t('screen.chart.roads', {}, lang), option: ok ? option : empty(scale, lang) };
    }
    default:
      return { title: '', option: empty(scale, lang) };
  }
}

/**
 * The towns of one comparison scene on several metrics (spec.metrics, theme ids): ranks spec.from–spec.to by
 * the first metric; per town and metric the dashboard's value, its rank among the towns with a value and the
 * colour of its fixed class (the map's breaks). A value the API withholds (too few households) stays "—",
 * without a rank.
 * @param {{metrics: string[], from: number, to: number}} spec
 * @param {object} dashboard the district's /api/dashboard response
 * @param {{lang: 'zh'|'en', breaks?: Map<string, number[]>, townName?: (town: object, lang: string) => string}} ctx
 * @returns {{title: string, columns: {id, name, unit}[], rows: {code, name, cells: {metric, value, text, rank,
 *   color}[]}[]}}
 */
export function townTable(spec, dashboard, { lang, breaks = new Map(), townName = (town) => town.name }) {
  const towns = (dashboard.children ?? []).filter((child) => child.level === 'town');
  const themes = [...new Set(spec.metrics ?? [spec.metric])].map(themeById);
  const ranks = themes.map((theme) => rankTowns(towns, theme.metric, theme.lagging).rank);
  const first = themes[0];
  const page = rankTowns(towns, first.metric, first.lagging).order.slice((spec.from ?? 1) - 1, spec.to ?? towns.length);
  const palettes = themes.map((theme) => paletteFor(theme.palette, Math.max((breaks.get(theme.id) ?? []).length - 1, 0)));
  const columns = themes.map((theme) => ({ id: theme.id, name: t(`theme.${theme.id}`, {}, lang),
    unit: METRIC_UNITS[theme.kind]?.[lang] ?? '' }));
  const rows = page.map((town) => ({
    code: town.code,
    name: townName(town, lang),
    cells: themes.map((theme, j) => {
      const raw = town.metrics?.[theme.metric];
      const value = isNumber(raw) ? Number(raw) : null;
      return { metric: theme.id, value, text: formatMetric(value, theme.kind, lang, { unit: false }),
        rank: ranks[j].get(town.code) ?? null,
        color: value === null ? null : palettes[j][classIndex(value, breaks.get(theme.id) ?? [])] ?? null };
    }),
  }));
  const title = t('screen.chart.townTable', { theme: t(`theme.${first.id}`, {}, lang), from: spec.from ?? 1,
    to: spec.to ?? page.length, count: towns.length }, lang);
  return { title, columns, rows };
}

/** Category names and colours from the catalogue's legends (projects by status, industry by category). */
export function catalogLabels(catalog) {
  const legendOf = (layerId) => {
    const layer = catalog.layers.find((l) => l.id === layerId);
    return new Map((layer?.legend?.classes ?? []).map((c) => [String(c.value), c]));
  };
  const status = legendOf('projects');
  const category = legendOf('industry_bases');
  const look = (map) => (code, lang) => {
    const cls = map.get(code);
    return { name: cls ? pick(cls.title, lang) : code, color: cls?.style?.fillColor ?? null };
  };
  return { status: look(status), category: look(category) };
}

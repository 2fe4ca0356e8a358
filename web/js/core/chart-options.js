// ECharts option objects for the charts of the cockpit and the wall screen. Pure: data and already
// translated words in, options out.

export const CHART_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, '
  + '"PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif';

const INK = '#343a40';
const MUTED = '#868e96';
const GRID_LINE = '#e9ecef';
const ACCENT = '#2b8a3e';

/** Options every chart shares: no animation (deterministic tests and print), aria description, fonts. */
function base() {
  return {
    animation: false,
    aria: { enabled: true },
    textStyle: { fontFamily: CHART_FONT, color: INK, fontSize: 12 },
    grid: { left: 8, right: 16, top: 20, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, confine: true },
  };
}

function valueAxis(format) {
  return {
    type: 'value',
    axisLabel: { color: MUTED, formatter: (value) => format(value) },
    splitLine: { lineStyle: { color: GRID_LINE } },
  };
}

function categoryAxis(categories, extra = {}) {
  return {
    type: 'category',
    data: categories,
    axisTick: { alignWithLabel: true },
    axisLine: { lineStyle: { color: MUTED } },
    axisLabel: { color: INK, ...extra },
  };
}

/**
 * A line chart of one series with a labelled point per category (income by year).
 * @param {{categories: string[], values: Array<number|null>, seriesName: string, format: (n: number) => string,
 *   color?: string}} spec
 */
export function lineOption({ categories, values, seriesName, format, color = ACCENT }) {
  return {
    ...base(),
    grid: { left: 8, right: 24, top: 28, bottom: 4, containLabel: true },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => format(v) },
    xAxis: { ...categoryAxis(categories), boundaryGap: true },
    yAxis: { ...valueAxis(format), scale: true },
    series: [{
      type: 'line',
      name: seriesName,
      data: values,
      color,
      symbolSize: 7,
      lineStyle: { width: 2.5 },
      label: { show: true, position: 'top', formatter: ({ value }) => format(value), color: INK },
    }],
  };
}

/**
 * A bar chart of one series; horizontal bars list the first category on top.
 * @param {{categories: string[], values: Array<number|null>, seriesName: string, format: (n: number) => string,
 *   colors?: Array<string|null>, horizontal?: boolean, labels?: boolean, color?: string}} spec
 */
export function barOption({
  categories, values, seriesName, format, colors = [], horizontal = false, labels = true, color = ACCENT,
}) {
  const data = values.map((value, i) => (colors[i] ? { value, itemStyle: { color: colors[i] } } : value));
  const cats = horizontal ? [...categories].reverse() : categories;
  const series = {
    type: 'bar',
    name: seriesName,
    data: horizontal ? [...data].reverse() : data,
    color,
    barMaxWidth: 22,
    label: {
      show: labels,
      position: horizontal ? 'right' : 'top',
      formatter: ({ value }) => format(value),
      color: INK,
      fontSize: 11,
    },
  };
  return {
    ...base(),
    grid: { left: 8, right: horizontal ? 56 : 16, top: horizontal ? 8 : 20, bottom: 4, containLabel: true },
    tooltip: { ...base().tooltip, valueFormatter: (v) => format(v) },
    xAxis: horizontal
      ? { ...valueAxis(format), axisLabel: { show: false } }
      : categoryAxis(cats, { interval: 0, rotate: cats.length > 6 ? 45 : 0 }),
    yAxis: horizontal ? categoryAxis(cats) : valueAxis(format),
    series: [series],
  };
}

/**
 * A doughnut chart with "name value" labels (projects by status).
 * @param {{items: {name: string, value: number, color?: string|null}[], seriesName: string,
 *   format: (n: number) => string}} spec
 */
export function pieOption({ items, seriesName, format }) {
  return {
    ...base(),
    tooltip: { trigger: 'item', confine: true, valueFormatter: (v) => format(v) },
    series: [{
      type: 'pie',
      name: seriesName,
      radius: ['38%', '64%'],
      center: ['50%', '52%'],
      avoidLabelOverlap: true,
      data: items.map((item) => ({
        name: item.name,
        value: item.value,
        ...(item.color ? { itemStyle: { color: item.color, borderColor: '#ffffff', borderWidth: 1 } } : {}),
      })),
      label: { formatter: ({ name, value }) => `${name} ${format(value)}`, color: INK, fontSize: 11 },
      labelLine: { length: 6, length2: 6 },
    }],
  };
}

/** A chart with nothing to plot: a centred message. */
export function emptyOption(text) {
  return {
    ...base(),
    tooltip: { show: false },
    graphic: {
      type: 'text',
      left: 'center',
      top: 'middle',
      style: { text, fill: MUTED, fontSize: 13, fontFamily: CHART_FONT },
    },
  };
}

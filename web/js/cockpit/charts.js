// The cockpit's charts (ECharts from its WebJar, loaded as a classic script that sets window.echarts).

import { lineOption, barOption, pieOption, emptyOption } from '../core/chart-options.js';
import { t } from '../core/i18n.js';
import { formatNumber, formatMonth } from '../core/format.js';

/** Chart ids = keys of response.charts (docs/dashboard-api.md), in display order. */
export const CHART_IDS = ['income', 'projectsByStatus', 'projectsByKind', 'industryMu', 'visitsByMonth'];

/** Longest wait for ECharts' "finished" event before a render counts as done anyway. */
const FINISH_TIMEOUT_MS = 1000;

const isNumber = (v) => v !== null && v !== undefined && Number.isFinite(Number(v));
const hasData = (values) => values.some((v) => isNumber(v) && Number(v) !== 0);

/**
 * Options: `echarts` — the ECharts namespace; `labels` — {status(code, lang) → {name, color},
 * kind(code, lang) → {name, color}, category(code, lang) → {name, color}} for category codes.
 * Renders one `figure.xt-chart[data-chart=id]` per chart into `root`: `figcaption.xt-chart__title`, then
 * `.xt-chart__plot` (the ECharts SVG).
 */
export class ChartPanel {
  constructor(root, { echarts, labels }) {
    this._root = root;
    this._echarts = echarts;
    this._labels = labels;
    this._figures = new Map(); // id → {figure, caption, plot, chart}
    this._lang = null;
    this._data = null;
    for (const id of CHART_IDS) {
      const figure = document.createElement('figure');
      figure.className = 'xt-chart';
      figure.dataset.chart = id;
      const caption = document.createElement('figcaption');
      caption.className = 'xt-chart__title';
      caption.id = `chart-${id}-title`;
      const plot = document.createElement('div');
      plot.className = 'xt-chart__plot'; // ECharts gives it an aria-label describing the data
      figure.append(caption, plot);
      root.append(figure);
      this._figures.set(id, { figure, caption, plot, chart: null });
    }
    this._observer = new ResizeObserver(() => this.resize());
    this._observer.observe(root);
  }

  /**
   * Draws every chart from response.charts in `lang` (a new language re-creates the charts, so
   * ECharts' own words follow). Resolves once each chart has finished rendering.
   * @param {object} data response.charts
   * @param {'zh'|'en'} lang
   * @returns {Promise<void>}
   */
  render(data, lang) {
    this._data = data ?? {};
    if (lang !== this._lang) {
      this._disposeCharts();
      this._lang = lang;
    }
    const done = [];
    for (const id of CHART_IDS) {
      const entry = this._figures.get(id);
      entry.caption.textContent = t(`chart.${id}`, {}, lang);
      if (!entry.chart) {
        entry.chart = this._echarts.init(entry.plot, null, { renderer: 'svg', locale: lang === 'en' ? 'EN' : 'ZH' });
      }
      done.push(this._draw(entry.chart, this._option(id, this._data[id], lang)));
    }
    return Promise.all(done).then(() => undefined);
  }

  /** Fits every chart to its box (after a layout change such as print). */
  resize() {
    for (const { chart } of this._figures.values()) {
      if (chart && !chart.isDisposed()) chart.resize({ animation: { duration: 0 } });
    }
  }

  /**
   * Sizes the charts for paper or back for the screen. The print layout (print.css) puts them in two A4
   * columns, wider than the side panel; ECharts draws at a fixed size, so before printing the plots take
   * the paper size (cockpit.css, .xt-charts__list--print) and the charts are drawn again at it.
   */
  setPrinting(printing) {
    this._root.classList.toggle('xt-charts__list--print', printing);
    this.resize();
  }

  /** ECharts instances by chart id (for tests). */
  instances() {
    const out = {};
    for (const [id, { chart }] of this._figures) out[id] = chart;
    return out;
  }

  dispose() {
    this._observer.disconnect();
    this._disposeCharts();
  }

  _disposeCharts() {
    for (const entry of this._figures.values()) {
      if (entry.chart) entry.chart.dispose();
      entry.chart = null;
    }
  }

  _draw(chart, option) {
    return new Promise((resolve) => {
      let settled = false;
      const finish = () => {
        if (settled) return;
        settled = true;
        chart.off('finished', finish);
        resolve();
      };
      chart.on('finished', finish);
      chart.setOption(option, { notMerge: true });
      setTimeout(finish, FINISH_TIMEOUT_MS);
    });
  }

  _option(id, data, lang) {
    const empty = emptyOption(t('chart.empty', {}, lang));
    const whole = (v) => formatNumber(v, lang, { maximumFractionDigits: 0 });
    switch (id) {
      case 'income': {
        const years = data?.years ?? [];
        const values = data?.values ?? [];
        if (!hasData(values)) return empty;
        return lineOption({
          categories: years.map(String), values, seriesName: t('chart.series.income', {}, lang), format: whole,
        });
      }
      case 'projectsByStatus': {
        const entries = Object.entries(data ?? {});
        if (!hasData(entries.map(([, v]) => v))) return empty;
        return pieOption({
          items: entries.map(([code, value]) => {
            const { name, color } = this._labels.status(code, lang);
            return { name, value, color };
          }),
          seriesName: t('chart.series.projects', {}, lang),
          format: whole,
        });
      }
      case 'projectsByKind': {
        const entries = Object.entries(data ?? {}).sort((a, b) => Number(b[1]) - Number(a[1]));
        if (!hasData(entries.map(([, v]) => v))) return empty;
        return barOption({
          categories: entries.map(([code]) => this._labels.kind(code, lang).name),
          values: entries.map(([, v]) => v),
          seriesName: t('chart.series.projects', {}, lang),
          format: whole,
          horizontal: true,
          color: '#862e9c',
        });
      }
      case 'industryMu': {
        const entries = Object.entries(data ?? {});
        if (!hasData(entries.map(([, v]) => v))) return empty;
        const labels = entries.map(([code]) => this._labels.category(code, lang));
        return barOption({
          categories: labels.map((l) => l.name),
          values: entries.map(([, v]) => v),
          colors: labels.map((l) => l.color),
          seriesName: t('chart.series.mu', {}, lang),
          format: whole,
          horizontal: true,
        });
      }
      case 'visitsByMonth': {
        const rows = Array.isArray(data) ? data : [];
        if (!hasData(rows.map((r) => r.visits))) return empty;
        return barOption({
          categories: rows.map((r) => formatMonth(r.month, lang)),
          values: rows.map((r) => r.visits),
          seriesName: t('chart.series.visits', {}, lang),
          format: whole,
          labels: false,
          color: '#1c7ed6',
        });
      }
      default:
        return empty;
    }
  }
}

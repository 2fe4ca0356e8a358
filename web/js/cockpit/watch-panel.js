// The cockpit's relapse-watch view for leaders and administrators (docs/relapse-watch.md "Watch view"):
// KPIs, open alerts by tier and cause, the 12 months' series, the towns or villages ranked by open and
// overdue alerts, and at village level the households' alerts. Every number comes from /api/watch/summary.

import './watch-strings.js';
import { t, pick } from '../core/i18n.js';
import { formatNumber, formatDate, formatMonth } from '../core/format.js';
import { lineOption, barOption, emptyOption } from '../core/chart-options.js';

/** The map's metrics: unit field of the summary's `units` and of its totals. */
export const WATCH_METRICS = {
  monitored: { unit: 'monitored', total: 'households_monitored' },
  open: { unit: 'open', total: 'open_alerts' },
};

const el = (tag, attrs = {}, text = null) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
};

/** The units ranked: most open alerts first, then most overdue, then by name. */
export function rankUnits(units) {
  return [...(units ?? [])].sort((a, b) => (b.open - a.open) || (b.overdue - a.overdue)
    || String(a.name).localeCompare(String(b.name), 'zh'));
}

/**
 * Renders into `section#watch-panel`. Options: `echarts`; `onSelect(unit)` — a town or village of the ranked
 * list was chosen; `onMetric(id)` — the map's metric changed; `localName(code, name, lang)`.
 */
export class WatchPanel {
  constructor(section, { echarts, onSelect, onMetric, localName = (code, name) => name }) {
    this._section = section;
    this._echarts = echarts;
    this._onSelect = onSelect;
    this._onMetric = onMetric;
    this._localName = localName;
    this._summary = null;
    this._charts = new Map();
    this._lang = null;
    this.metric = 'open';
    this._title = el('h2', { class: 'xt-side__title xt-watch__title', id: 'watch-title' });
    this._date = el('p', { class: 'xt-watch__date', id: 'watch-date' });
    const field = el('label', { class: 'xt-watch__metric', for: 'watch-metric' });
    this._metricLabel = el('span', {});
    field.append(this._metricLabel);
    this._select = el('select', { id: 'watch-metric', name: 'watchMetric' });
    for (const id of Object.keys(WATCH_METRICS)) this._select.append(el('option', { value: id }));
    this._select.value = this.metric;
    this._select.addEventListener('change', () => {
      this.metric = this._select.value;
      this._onMetric(this.metric);
    });
    this._kpis = el('dl', { class: 'xt-watch__kpis', id: 'watch-kpis' });
    this._plots = {};
    const figures = ['tiers', 'causes', 'series'].map((id) => {
      const figure = el('figure', { class: 'xt-chart xt-watch__chart', 'data-chart': `watch-${id}` });
      const caption = el('figcaption', { class: 'xt-chart__title' });
      const plot = el('div', { class: 'xt-chart__plot' });
      figure.append(caption, plot);
      this._plots[id] = { caption, plot };
      return figure;
    });
    this._unitsTitle = el('h3', { class: 'xt-watch__subtitle', id: 'watch-units-title' });
    this._units = el('ol', { class: 'xt-watch__units', id: 'watch-units', 'aria-labelledby': 'watch-units-title' });
    this._units.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-code]');
      const unit = this._summary?.units?.find((u) => u.code === button?.dataset.code);
      if (unit) this._onSelect(unit, this._summary.scope.level === 'district' ? 'town' : 'village');
    });
    this._alertsTitle = el('h3', { class: 'xt-watch__subtitle', id: 'watch-alerts-title' });
    this._alerts = el('div', { class: 'xt-watch__alerts', id: 'watch-alerts' });
    section.setAttribute('aria-labelledby', 'watch-title');
    section.replaceChildren(this._title, this._date, field, this._select, this._kpis, this._unitsTitle, this._units,
      this._alertsTitle, this._alerts, ...figures);
    this._observer = new ResizeObserver(() => this._charts.forEach((c) => c.resize()));
    this._observer.observe(section);
  }

  /** Shows a summary (null: hides the panel). */
  render(summary, lang) {
    this._summary = summary;
    this._section.hidden = !summary;
    if (!summary) return;
    if (lang !== this._lang) {
      this._charts.forEach((c) => c.dispose());
      this._charts.clear();
      this._lang = lang;
    }
    const scopeName = this._localName(summary.scope.code, summary.scope.name, lang);
    this._title.textContent = `${t('watch.title', {}, lang)} · ${scopeName ?? ''}`;
    this._date.textContent = t('watch.asOf', {
      date: formatDate(summary.as_of, lang), from: formatDate(summary.window.from, lang),
      to: formatDate(summary.window.to, lang),
    }, lang);
    this._metricLabel.textContent = t('watch.metric', {}, lang);
    for (const option of this._select.options) option.textContent = t(`watch.metric.${option.value}`, {}, lang);
    this._renderKpis(summary.totals, lang);
    this._renderUnits(summary, lang);
    this._renderAlerts(summary, lang);
    this._renderCharts(summary, lang);
  }

  _renderKpis(totals, lang) {
    const share = totals.confirmed_share === null ? null : Math.round(totals.confirmed_share * 1000) / 10;
    const items = [
      ['monitored', totals.households_monitored, 'watch.unit.households'],
      ['open', totals.open_alerts, 'watch.unit.alerts'],
      ['overdue', totals.overdue_alerts, 'watch.unit.alerts'],
      ['avgDays', totals.avg_days_to_verify, 'watch.unit.days'],
      ['opened', totals.opened_12m, 'watch.unit.alerts'],
      ['confirmed', share, null],
    ];
    this._kpis.replaceChildren(...items.map(([id, value, unit]) => {
      const box = el('div', { class: 'xt-watch__kpi', 'data-kpi': id });
      const number = el('span', { class: 'xt-watch__number', 'data-value': value === null ? '' : String(value) },
        formatNumber(value, lang));
      const dd = el('dd', {});
      dd.append(number, ' ', unit ? t(unit, {}, lang) : (value === null ? '' : '%'));
      box.append(el('dt', {}, t(`watch.kpi.${id}`, {}, lang)), dd);
      return box;
    }));
  }

  _renderUnits(summary, lang) {
    const units = rankUnits(summary.units);
    this._unitsTitle.hidden = !summary.units;
    this._units.hidden = !summary.units;
    this._unitsTitle.textContent = t(summary.scope.level === 'district' ? 'watch.units.towns' : 'watch.units.villages',
      {}, lang);
    this._units.replaceChildren(...units.map((u) => {
      const li = el('li', {});
      const button = el('button', { type: 'button', class: 'xt-watch__unit', 'data-code': u.code });
      button.append(el('span', { class: 'xt-watch__unit-name' }, this._localName(u.code, u.name, lang)),
        el('span', { class: 'xt-watch__unit-figures' }, t('watch.units.row', {
          open: formatNumber(u.open, lang), overdue: formatNumber(u.overdue, lang),
          monitored: formatNumber(u.monitored, lang),
        }, lang)));
      if (u.overdue > 0) button.classList.add('has-overdue');
      li.append(button);
      return li;
    }));
  }

  _renderAlerts(summary, lang) {
    const rows = summary.alerts;
    this._alertsTitle.hidden = !rows;
    this._alerts.hidden = !rows;
    if (!rows) {
      this._alerts.replaceChildren();
      return;
    }
    this._alertsTitle.textContent = t('watch.alerts', {}, lang);
    if (rows.length === 0) {
      this._alerts.replaceChildren(el('p', {}, t('watch.alerts.none', {}, lang)));
      return;
    }
    const table = el('table', { class: 'xt-watch__table' });
    const head = el('tr', {});
    for (const c of ['household', 'rule', 'tier', 'due', 'status', 'cadre']) {
      head.append(el('th', { scope: 'col' }, t(`watch.col.${c}`, {}, lang)));
    }
    table.append(el('thead', {}), el('tbody', {}));
    table.tHead.append(head);
    const order = (a) => (a.overdue ? 0 : a.status === 'open' ? 1 : 2);
    for (const a of [...rows].sort((x, y) => order(x) - order(y) || x.due_on.localeCompare(y.due_on))) {
      const tr = el('tr', { 'data-household': a.household_code, 'data-status': a.overdue ? 'overdue' : a.status });
      const status = a.overdue ? 'overdue' : a.status;
      for (const text of [a.household_code, pick(a.rule_title, lang) || a.rule, pick(a.tier_title, lang) || a.tier,
        formatDate(a.due_on, lang), t(`watch.status.${status}`, {}, lang), a.cadre ?? '—']) {
        tr.append(el('td', {}, text));
      }
      table.tBodies[0].append(tr);
    }
    this._alerts.replaceChildren(table);
  }

  _chart(id) {
    if (!this._charts.has(id)) {
      this._charts.set(id, this._echarts.init(this._plots[id].plot, null, {
        renderer: 'svg', locale: this._lang === 'en' ? 'EN' : 'ZH',
      }));
    }
    return this._charts.get(id);
  }

  _renderCharts(summary, lang) {
    const format = (v) => formatNumber(v, lang);
    const tiers = summary.tiers ?? [];
    this._plots.tiers.caption.textContent = t('watch.tiers', {}, lang);
    this._chart('tiers').setOption(tiers.length === 0 ? emptyOption(t('watch.empty', {}, lang)) : barOption({
      categories: tiers.map((x) => pick(x.title, lang) || x.tier), values: tiers.map((x) => x.open),
      seriesName: t('watch.kpi.open', {}, lang), format, colors: ['#c92a2a', '#f08c00', '#fab005'],
    }), { notMerge: true });
    const causes = summary.causes ?? [];
    this._plots.causes.caption.textContent = t('watch.causes', {}, lang);
    this._chart('causes').setOption(causes.length === 0 ? emptyOption(t('watch.empty', {}, lang)) : barOption({
      categories: causes.map((x) => pick(x.title, lang) || x.rule), values: causes.map((x) => x.open),
      seriesName: t('watch.kpi.open', {}, lang), format, horizontal: true,
    }), { notMerge: true });
    const series = summary.series ?? [];
    this._plots.series.caption.textContent = t('watch.series', {}, lang);
    const option = lineOption({
      categories: series.map((m) => formatMonth(m.month, lang)), values: series.map((m) => m.opened),
      seriesName: t('watch.series.opened', {}, lang), format,
    });
    option.series[0].label.show = false;
    const colors = { verified: '#2b8a3e', entered: '#c92a2a', left: '#1971c2' };
    for (const key of ['verified', 'entered', 'left']) {
      option.series.push({ ...option.series[0], name: t(`watch.series.${key}`, {}, lang),
        data: series.map((m) => m[key]), color: colors[key] });
    }
    option.legend = { top: 0, textStyle: { fontSize: 11 } };
    option.grid = { ...option.grid, top: 36 };
    this._chart('series').setOption(option, { notMerge: true });
  }

  /** The KPIs as shown: [{id, text, value}] (tests compare them with the API's). */
  shown() {
    return [...this._kpis.querySelectorAll('[data-kpi]')].map((box) => ({
      id: box.dataset.kpi, text: box.querySelector('dd').textContent,
      value: box.querySelector('[data-value]').dataset.value,
    }));
  }
}

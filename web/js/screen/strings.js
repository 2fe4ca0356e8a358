// The screen's own interface strings (zh, en), registered into core/i18n.js's one table (read them with
// its t); shared words are declared there.

import { registerStrings } from '../core/i18n.js';

registerStrings({
  zh: {
    'screen.badge': '数据大屏',
    'screen.asOf': '数据截至 {date}',
    'screen.refreshed': '更新于 {time}',
    'screen.offline': '离线 · 自 {time}',
    'screen.paused': '已暂停（空格键继续）',
    'screen.feed': '最新动态',
    'screen.feedEmpty': '暂无更新',
    'screen.progress': '{name}：{status}，进度 {pct}%',
    'screen.layerChanged': '图层“{layer}”已更新',
    'screen.loading': '正在加载…',
    'screen.error': '数据加载失败，正在重试…',
    'screen.chart.townRanking': '{theme} · 第{from}–{to}名',
    'screen.chart.greenwayReach': '绿道{reach}米内串联 / 总数',
    'screen.chart.roads': '农村公路硬化（公里）',
    'screen.chart.hardened': '已硬化',
    'screen.chart.notHardened': '未硬化',
  },
  en: {
    'screen.badge': 'Public display',
    'screen.asOf': 'Data as of {date}',
    'screen.refreshed': 'updated {time}',
    'screen.offline': 'Offline since {time}',
    'screen.paused': 'Paused (space resumes)',
    'screen.feed': 'Latest updates',
    'screen.feedEmpty': 'No updates yet',
    'screen.progress': '{name}: {status}, {pct}% done',
    'screen.layerChanged': 'Layer "{layer}" updated',
    'screen.loading': 'Loading…',
    'screen.error': 'Data could not be loaded; retrying…',
    'screen.chart.townRanking': '{theme}, ranks {from}–{to}',
    'screen.chart.greenwayReach': 'Within {reach} m of the greenway / total',
    'screen.chart.roads': 'Rural roads hardened (km)',
    'screen.chart.hardened': 'Hardened',
    'screen.chart.notHardened': 'Not hardened',
  },
});

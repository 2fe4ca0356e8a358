// The tour: scenes.json plus the district's towns and the URL parameters → the ordered scene list. Pure.
// A visitor learns the themes first, then how the towns compare on the main themes: every town's value and
// rank on each metric of scenes.json `towns.metrics`, ranked by the first, a few towns a scene (not one
// scene per town; a town code in `?scenes=` still gives one).

/** The token in `?scenes=` (and the default tour) that stands for the ranked comparison of the towns. */
export const TOWNS = 'towns';

function fill(text, vars) {
  const out = {};
  for (const [lang, value] of Object.entries(text ?? {})) {
    out[lang] = String(value).replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  }
  return out;
}

function townScene(template, town) {
  return {
    ...template,
    key: `town:${town.code}`,
    id: template.id ?? 'town',
    title: fill(template.title, { name: town.name }),
    town: { code: town.code, name: town.name, id: town.id },
  };
}

const metricOf = (town, metric) => {
  const v = town.metrics ? town.metrics[metric] : null;
  return v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v);
};

/**
 * The towns in rank order for one metric: the best first (the highest, or the lowest when a high value is
 * the lagging one, `lagging: 'high'`), ties by code; towns without a value (withheld or missing) last.
 * @returns {{order: object[], rank: Map<string, number>}} `rank`: town code → 1-based rank (towns with a value)
 */
export function rankTowns(towns, metric, lagging = 'low') {
  const sign = lagging === 'high' ? 1 : -1;
  const order = [...towns].sort((a, b) => {
    const va = metricOf(a, metric);
    const vb = metricOf(b, metric);
    if (va === null || vb === null) return (va === null) - (vb === null) || String(a.code).localeCompare(String(b.code));
    return sign * (va - vb) || String(a.code).localeCompare(String(b.code));
  });
  const rank = new Map();
  order.forEach((town, i) => {
    if (metricOf(town, metric) !== null) rank.set(town.code, i + 1);
  });
  return { order, rank };
}

/**
 * The towns compared on the main themes (scenes.json `towns.metrics`, theme ids): ranked by the first one,
 * cut into scenes of `perScene` towns; each scene names its ranks (`rank.from`–`rank.to`), its towns' codes
 * and the metrics its chart (a table: every metric's value and rank a town) shows.
 * `lagging(metric)` tells which end of a metric lags ('low' or 'high'; the highest ranks first by default).
 */
export function comparisonScenes(template, towns, lagging = () => 'low') {
  const metrics = Array.isArray(template.metrics) && template.metrics.length
    ? template.metrics : [template.chart?.metric ?? template.theme];
  const metric = metrics[0];
  const { order: ranked } = rankTowns(towns, metric, lagging(metric));
  const per = Math.max(1, Math.min(Number(template.perScene) || 7, 12));
  const scenes = [];
  for (let start = 0; start < ranked.length; start += per) {
    const page = ranked.slice(start, start + per);
    const rank = { from: start + 1, to: start + page.length };
    scenes.push({
      ...template,
      key: `towns:${rank.from}-${rank.to}`,
      id: template.id ?? TOWNS,
      theme: template.theme ?? metric,
      title: fill(template.title, rank),
      chart: { ...(template.chart ?? { type: 'townTable' }), metric, metrics, from: rank.from, to: rank.to },
      town: null,
      towns: page.map((town) => town.code),
      rank,
    });
  }
  return scenes;
}

/**
 * The scenes in tour order.
 * @param {{scenes: object[], town: object}} config scenes.json
 * @param {{code: string, name: string, id: string, metrics: object}[]} towns the district dashboard's children
 * @param {string[]|null} selection `?scenes=` (ids, "towns", town codes), or null: every scene, then the
 *   towns ranked (scenes.json `towns`; without it, one scene per town)
 * @param {(metric: string) => 'low'|'high'} [lagging] which end of a metric lags (from the themes)
 * @returns {object[]} each with key, id, title {zh,en}, layers, theme, kpis, chart and town (or null)
 */
export function buildTour(config, towns, selection, lagging = () => 'low') {
  const byId = new Map(config.scenes.map((scene) => [scene.id, scene]));
  const byCode = new Map(towns.map((town) => [town.code, town]));
  const wanted = selection ?? [...config.scenes.map((scene) => scene.id), TOWNS];
  const tour = [];
  for (const item of wanted) {
    if (item === TOWNS) {
      if (config.towns) tour.push(...comparisonScenes(config.towns, towns, lagging));
      else for (const town of towns) tour.push(townScene(config.town, town));
    } else if (byId.has(item)) {
      tour.push({ ...byId.get(item), key: item, town: null });
    } else if (byCode.has(item)) {
      tour.push(townScene(config.town, byCode.get(item)));
    }
  }
  if (tour.length === 0) return buildTour(config, towns, null, lagging);
  return tour;
}

/** Every layer id any scene of the tour shows (loaded once, then reused). */
export function tourLayers(tour) {
  return [...new Set(tour.flatMap((scene) => scene.layers ?? []))];
}

/** The index after stepping `delta` scenes from `index` (wraps both ways). */
export function step(index, delta, length) {
  return ((index + delta) % length + length) % length;
}

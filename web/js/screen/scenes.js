// The tour: scenes.json plus the district's towns and the URL parameters → the ordered scene list. Pure.
// A visitor learns the themes first, then how the towns compare: the towns ranked by one metric, a few
// towns a scene (scenes.json `towns`), not one scene per town (a town code in `?scenes=` still gives one).

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
 * The towns ranked by the comparison's metric (highest first, towns without a value last), cut into scenes
 * of `perScene` towns: each scene names its ranks (`rank.from`–`rank.to`) and its towns' codes.
 */
export function comparisonScenes(template, towns) {
  const metric = template.chart?.metric ?? template.theme;
  const ranked = [...towns].sort((a, b) => {
    const va = metricOf(a, metric);
    const vb = metricOf(b, metric);
    if (va === null || vb === null) return (va === null) - (vb === null) || String(a.code).localeCompare(String(b.code));
    return vb - va || String(a.code).localeCompare(String(b.code));
  });
  const per = Math.max(1, Math.min(Number(template.perScene) || 10, 12));
  const scenes = [];
  for (let start = 0; start < ranked.length; start += per) {
    const page = ranked.slice(start, start + per);
    const rank = { from: start + 1, to: start + page.length };
    scenes.push({
      ...template,
      key: `towns:${rank.from}-${rank.to}`,
      id: template.id ?? TOWNS,
      title: fill(template.title, rank),
      chart: { ...(template.chart ?? { type: 'townRanking' }), metric, from: rank.from, to: rank.to },
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
 * @returns {object[]} each with key, id, title {zh,en}, layers, theme, kpis, chart and town (or null)
 */
export function buildTour(config, towns, selection) {
  const byId = new Map(config.scenes.map((scene) => [scene.id, scene]));
  const byCode = new Map(towns.map((town) => [town.code, town]));
  const wanted = selection ?? [...config.scenes.map((scene) => scene.id), TOWNS];
  const tour = [];
  for (const item of wanted) {
    if (item === TOWNS) {
      if (config.towns) tour.push(...comparisonScenes(config.towns, towns));
      else for (const town of towns) tour.push(townScene(config.town, town));
    } else if (byId.has(item)) {
      tour.push({ ...byId.get(item), key: item, town: null });
    } else if (byCode.has(item)) {
      tour.push(townScene(config.town, byCode.get(item)));
    }
  }
  if (tour.length === 0) return buildTour(config, towns, null);
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

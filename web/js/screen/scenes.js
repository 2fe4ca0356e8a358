// The tour: scenes.json plus the district's towns and the URL parameters → the ordered scene list. Pure.

/** The token in `?scenes=` (and the default tour) that stands for every town in turn. */
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

/**
 * The scenes in tour order.
 * @param {{scenes: object[], town: object}} config scenes.json
 * @param {{code: string, name: string, id: string}[]} towns the district dashboard's children
 * @param {string[]|null} selection `?scenes=` (ids, "towns", town codes), or null: every scene then every town
 * @returns {object[]} each with key, id, title {zh,en}, layers, theme, kpis, chart and town (or null)
 */
export function buildTour(config, towns, selection) {
  const byId = new Map(config.scenes.map((scene) => [scene.id, scene]));
  const byCode = new Map(towns.map((town) => [town.code, town]));
  const wanted = selection ?? [...config.scenes.map((scene) => scene.id), TOWNS];
  const tour = [];
  for (const item of wanted) {
    if (item === TOWNS) {
      for (const town of towns) tour.push(townScene(config.town, town));
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

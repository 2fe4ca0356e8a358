// One name per layer on every page: the catalogue's title (zh/en). A page registers the catalogue it loaded
// (useCatalogNames); every heading, tooltip or label that names a layer or a layer group asks here, so no
// page keeps its own word for a layer in its string table.

import { pick } from './i18n.js';

const layers = new Map();
const groups = new Map();

/** The administrative level (or search kind) → the catalogue layer that holds such places. */
const LEVEL_LAYERS = { district: 'district', town: 'towns', village: 'villages', project: 'projects' };

/** Remembers the catalogue's layer and group titles (call again when the catalogue is reloaded). */
export function useCatalogNames(catalog) {
  layers.clear();
  groups.clear();
  for (const def of catalog?.layers ?? []) layers.set(def.id, def.title);
  for (const group of catalog?.groups ?? []) groups.set(group.id, group.title);
}

/** A layer's display name: its catalogue title in `lang`; the id itself if the catalogue has no such layer. */
export function layerName(id, lang) {
  return layers.has(id) ? pick(layers.get(id), lang) : id;
}

/** The layer that holds the places of a level ("town" → "towns"); its name is the level's name too. */
export function levelName(level, lang) {
  return layerName(LEVEL_LAYERS[level] ?? level, lang);
}

/** A layer group's catalogue title, or null if the catalogue has no such group. */
export function groupName(id, lang) {
  return groups.has(id) ? pick(groups.get(id), lang) : null;
}

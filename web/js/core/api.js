// The server's endpoints, named: the catalogue, OGC items, the dashboard, the session, the analysis questions,
// projects, planner layers, uploads and exports. Every request goes through core/http.js (the only module
// that talks HTTP), whose error types and loading events are re-exported here for the pages.

import { useCatalogNames } from './layer-names.js';
import {
  request, getJson, download, setCsrfToken, ParseError,
} from './http.js';

export {
  ApiError, NetworkError, HttpError, NotFoundError, ParseError, apiEvents, getJson,
} from './http.js';

/**
 * The layer catalogue as seen by the caller (see docs/catalog.md; no "file", only visible fields).
 * @returns {Promise<{title: object, notice: object, basemap: object|null, groups: object[], layers: object[]}>}
 */
export async function getCatalog({ signal } = {}) {
  const url = '/api/catalog';
  const catalog = await getJson(url, { signal });
  if (!catalog || !Array.isArray(catalog.layers) || !Array.isArray(catalog.groups)) {
    throw new ParseError('Catalogue has no "layers" or "groups" array', { url, status: 200 });
  }
  useCatalogNames(catalog); // every page names a layer by its catalogue title (core/layer-names.js)
  return catalog;
}

/**
 * One OGC API Features items page of a collection, as an RFC 7946 FeatureCollection.
 * @param {string} layerId
 * @param {{limit?: number, equal?: Record<string, string>, signal?: AbortSignal}} [options] `equal`: field → value,
 *   filtered on the server by equality (`?field=value`, as the OGC items query allows)
 * @returns {Promise<{type: 'FeatureCollection', features: object[], numberMatched?: number, numberReturned?: number}>}
 */
export async function getItems(layerId, { limit = 10000, equal = {}, signal } = {}) {
  const query = new URLSearchParams({ limit: String(limit), ...equal });
  const url = `/ogc/collections/${encodeURIComponent(layerId)}/items?${query}`;
  const collection = await getJson(url, { accept: 'application/geo+json', signal });
  if (!collection || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new ParseError(`Not a GeoJSON FeatureCollection: ${url}`, { url, status: 200 });
  }
  return collection;
}

/**
 * The leaders' dashboard (docs/dashboard-api.md) of the district, a town or a village.
 * @param {{town?: string|null, village?: string|null, year?: number|null, asOf?: string|null,
 *   reach?: number|null, signal?: AbortSignal}} [options] a village wins over a town; nulls are left out
 * @returns {Promise<{scope: object, asOf: string, year: number, kpis: object[], charts: object,
 *   children: object[], villages: object[], village?: object}>}
 */
export async function getDashboard({
  town = null, village = null, year = null, asOf = null, reach = null, signal,
} = {}) {
  let path = '/api/dashboard';
  if (village) path += `/villages/${encodeURIComponent(village)}`;
  else if (town) path += `/towns/${encodeURIComponent(town)}`;
  const query = new URLSearchParams();
  if (year !== null && year !== undefined) query.set('year', String(year));
  if (asOf) query.set('asOf', asOf);
  if (reach !== null && reach !== undefined) query.set('reach', String(reach));
  const url = query.toString() ? `${path}?${query}` : path;
  const dashboard = await getJson(url, { signal });
  if (!dashboard || !dashboard.scope || !Array.isArray(dashboard.kpis)) {
    throw new ParseError('Dashboard has no "scope" or "kpis"', { url, status: 200 });
  }
  dashboard.charts = dashboard.charts ?? {};
  dashboard.children = Array.isArray(dashboard.children) ? dashboard.children : [];
  dashboard.villages = Array.isArray(dashboard.villages) ? dashboard.villages : [];
  return dashboard;
}

/** GET /api/session; remembers the CSRF token of a signed-in session for later writes. */
export async function getSession() {
  const { body } = await request('GET', '/api/session');
  setCsrfToken(body.signedIn ? body.csrf : null);
  return body;
}

/** POST /api/session: signs in and remembers the session's CSRF token. */
export async function signIn(name, password) {
  const { body } = await request('POST', '/api/session', { json: { name, password } });
  setCsrfToken(body.csrf);
  return body;
}

/** DELETE /api/session: signs out. */
export async function signOut() {
  await request('DELETE', '/api/session');
  setCsrfToken(null);
}

/** POST /api/analysis/within: what lies inside or within `distance` metres of `geometry` (GeoJSON). */
export async function within(geometry, distance) {
  return (await request('POST', '/api/analysis/within', { json: { geometry, distance } })).body;
}

/** POST /api/analysis/whatif for a proposed greenway (LineString) or water works (Point). */
export async function whatIf(kind, geometry, reach) {
  return (await request('POST', '/api/analysis/whatif', { json: { kind, geometry, reach } })).body;
}

/** A project (a GeoJSON feature) with its history, and its ETag for updates. */
export async function getProject(id) {
  const { body, etag } = await request('GET', `/api/projects/${encodeURIComponent(id)}`);
  return { project: body, etag };
}

/** Updates a project; a 412 (changed meanwhile) throws an HttpError with status 412. */
export async function updateProject(id, etag, change) {
  const { body, etag: next } = await request('PATCH', `/api/projects/${encodeURIComponent(id)}`,
    { json: change, headers: { 'If-Match': etag } });
  return { project: body, etag: next };
}

/**
 * POST /api/uploads: imports a survey file as a new planner layer.
 * @param {File} file
 * @param {{title?: string, crs?: string, gcj02?: boolean, encoding?: string, towgs84?: string, lon?: string,
 *   lat?: string, join?: string, joinColumn?: string}} options (a CSV's columns, or its join to a layer by code)
 * @returns {Promise<object>} the new layer, with the import report
 */
export async function uploadLayer(file, {
  title = '', crs = '', gcj02 = false, encoding = '', towgs84 = '', lon = '', lat = '', join = '', joinColumn = '',
} = {}) {
  const form = new FormData();
  form.append('file', file, file.name);
  if (title) form.append('title', title);
  if (crs) form.append('crs', crs);
  if (encoding) form.append('encoding', encoding);
  if (towgs84) form.append('towgs84', towgs84);
  if (lon) form.append('lon', lon);
  if (lat) form.append('lat', lat);
  if (join) form.append('join', join);
  if (joinColumn) form.append('join_column', joinColumn);
  form.append('gcj02', gcj02 ? 'true' : 'false');
  return (await request('POST', '/api/uploads', { form })).body;
}

/** GET /api/planner-layers: the layers planners imported. */
export async function getPlannerLayers() {
  return (await getJson('/api/planner-layers')).layers;
}

/** A planner layer's features (GeoJSON), from the OGC items route like any layer's (signed in: unpublished too). */
export async function getPlannerItems(id) {
  return getItems(id);
}

/**
 * POST /api/export: the features of a layer that lie within `distance` metres of a drawn geometry, as a file.
 * @returns {Promise<{blob: Blob, fileName: string}>}
 */
export async function exportSelection(layer, format, geometry, distance) {
  const { blob, fileName } = await download('POST', '/api/export', { json: { layer, format, geometry, distance } });
  return { blob, fileName: fileName ?? `export.${format}` };
}

/** PATCH /api/planner-layers/{id}: publishes a planner layer (or withdraws it); returns the layer. */
export async function publishPlannerLayer(id, published) {
  return (await request('PATCH', `/api/planner-layers/${encodeURIComponent(id)}`, { json: { published } })).body;
}

/** DELETE /api/planner-layers/{id}: deletes a planner layer. */
export async function deletePlannerLayer(id) {
  await request('DELETE', `/api/planner-layers/${encodeURIComponent(id)}`);
}

/**
 * POST /api/export of a filtered set: the features of a layer whose fields equal the given values (no drawing).
 * @returns {Promise<{blob: Blob, fileName: string}>}
 */
export async function exportFiltered(layer, format, filters) {
  const { blob, fileName } = await download('POST', '/api/export', { json: { layer, format, filters } });
  return { blob, fileName: fileName ?? `export.${format}` };
}

/** GET /api/reviews/by-village: how many household reviews wait in each village ({village_code, open}). */
export async function getReviewCounts() {
  return (await getJson('/api/reviews/by-village')).villages;
}

/** GET /api/reviews: the reviews with this status, with their values (leaders and administrators). */
export async function getReviews(status = 'open') {
  return (await getJson(`/api/reviews?status=${encodeURIComponent(status)}`)).reviews;
}

/** POST /api/reviews/{id}/resolve: keeps the current value ("current") or applies the proposed one. */
export async function resolveReview(id, choice) {
  return (await request('POST', `/api/reviews/${encodeURIComponent(id)}/resolve`, { json: { choice } })).body;
}

/**
 * GET /api/watch/summary: the relapse watch's figures of the district, a town or a village on a day
 * (docs/relapse-watch.md "Watch view"); leaders and admins get every figure, anyone else counts of ≥ 5 households.
 * @param {{scope?: string|null, asOf?: string|null, signal?: AbortSignal}} [options]
 */
export async function getWatchSummary({ scope = null, asOf = null, signal } = {}) {
  const query = new URLSearchParams();
  if (scope) query.set('scope', scope);
  if (asOf) query.set('asOf', asOf);
  const url = query.toString() ? `/api/watch/summary?${query}` : '/api/watch/summary';
  const summary = await getJson(url, { signal });
  if (!summary || !summary.scope || !summary.totals) {
    throw new ParseError('Watch summary has no "scope" or "totals"', { url, status: 200 });
  }
  return summary;
}

/**
 * A briefing pack (PDF) from its /api/briefing address (cockpit/briefing-link.js builds it).
 * @returns {Promise<{blob: Blob, fileName: string}>}
 * @throws {NetworkError|HttpError} a 429 carries `retryAfter` (seconds)
 */
export async function getBriefing(href, { signal } = {}) {
  const { blob, fileName } = await download('GET', href, { accept: 'application/pdf', signal });
  return { blob, fileName: fileName ?? 'briefing.pdf' };
}

// The workspace's calls that core/api.js does not make: the session, the analysis questions, a project's
// history with its ETag, and writes (which carry the session's CSRF token). Errors are core/api.js's types.

import { getJson, HttpError, NetworkError, NotFoundError, ParseError } from '../core/api.js';

let csrf = null;

async function problemOf(response) {
  try {
    const body = await response.json();
    return { title: body.title, detail: body.detail ?? body.details ?? null, parameter: body.parameter ?? null };
  } catch {
    return null;
  }
}

/**
 * Sends a same-origin request with an optional JSON body; writes carry X-CSRF-Token.
 * @returns {Promise<{body: any, etag: string|null, status: number}>}
 * @throws {NetworkError|HttpError|NotFoundError|ParseError}
 */
async function send(method, url, body = undefined, headers = {}) {
  const h = { Accept: 'application/json, application/problem+json;q=0.5', ...headers };
  if (body !== undefined) h['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) h['X-CSRF-Token'] = csrf;
  let response;
  try {
    response = await fetch(url, {
      method, headers: h, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (cause) {
    throw new NetworkError(`Request failed: ${url}`, { url, cause });
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    const Type = response.status === 404 ? NotFoundError : HttpError;
    const error = new Type(problem?.detail || problem?.title || `HTTP ${response.status}`,
      { url, status: response.status, problem });
    error.etag = response.headers.get('ETag');
    throw error;
  }
  if (response.status === 204) return { body: null, etag: null, status: 204 };
  try {
    return { body: await response.json(), etag: response.headers.get('ETag'), status: response.status };
  } catch (cause) {
    throw new ParseError(`Response is not JSON: ${url}`, { url, status: response.status, cause });
  }
}

/** @returns {Promise<{signedIn: boolean, name?: string, role?: string, csrf?: string}>} */
export async function getSession() {
  const { body } = await send('GET', '/api/session');
  csrf = body.signedIn ? body.csrf : null;
  return body;
}

export async function signIn(name, password) {
  const { body } = await send('POST', '/api/session', { name, password });
  csrf = body.csrf;
  return body;
}

export async function signOut() {
  await send('DELETE', '/api/session');
  csrf = null;
}

/** POST /api/analysis/within: what lies inside or within `distance` metres of `geometry` (GeoJSON). */
export async function within(geometry, distance) {
  return (await send('POST', '/api/analysis/within', { geometry, distance })).body;
}

/** POST /api/analysis/whatif for a proposed greenway (LineString) or water works (Point). */
export async function whatIf(kind, geometry, reach) {
  return (await send('POST', '/api/analysis/whatif', { kind, geometry, reach })).body;
}

/** A project with its history, and its ETag for updates. */
export async function getProject(id) {
  const { body, etag } = await send('GET', `/api/projects/${encodeURIComponent(id)}`);
  return { project: body, etag };
}

/** Updates a project; a 412 (changed meanwhile) throws an HttpError with status 412. */
export async function updateProject(id, etag, change) {
  const { body, etag: next } = await send('PATCH', `/api/projects/${encodeURIComponent(id)}`, change,
    { 'If-Match': etag });
  return { project: body, etag: next };
}

/**
 * A layer's items, filtered on the server by equality (`?field=value`, as the OGC items query allows).
 * @param {string} layerId
 * @param {Record<string, string>} equal field → value
 */
export async function getLayerItems(layerId, equal = {}) {
  const query = new URLSearchParams({ limit: '10000', ...equal });
  const url = `/ogc/collections/${encodeURIComponent(layerId)}/items?${query}`;
  const collection = await getJson(url, { accept: 'application/geo+json' });
  if (!collection || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    throw new ParseError(`Not a GeoJSON FeatureCollection: ${url}`, { url, status: 200 });
  }
  return collection;
}

/** Throws the HttpError a failed response describes (problem+json detail, field at fault). */
async function failure(response, url) {
  const problem = await problemOf(response);
  const Type = response.status === 404 ? NotFoundError : HttpError;
  return new Type(problem?.detail || problem?.title || `HTTP ${response.status}`, { url, status: response.status, problem });
}

/**
 * POST /api/uploads: imports a survey file as a new planner layer.
 * @param {File} file
 * @param {{title?: string, crs?: string, gcj02?: boolean, encoding?: string}} options
 * @returns {Promise<object>} the new layer, with the import report
 */
export async function uploadLayer(file, { title = '', crs = '', gcj02 = false, encoding = '' } = {}) {
  const form = new FormData();
  form.append('file', file, file.name);
  if (title) form.append('title', title);
  if (crs) form.append('crs', crs);
  if (encoding) form.append('encoding', encoding);
  form.append('gcj02', gcj02 ? 'true' : 'false');
  let response;
  try {
    response = await fetch('/api/uploads', {
      method: 'POST', body: form, credentials: 'same-origin',
      headers: { Accept: 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
    });
  } catch (cause) {
    throw new NetworkError('Request failed: /api/uploads', { url: '/api/uploads', cause });
  }
  if (!response.ok) throw await failure(response, '/api/uploads');
  return response.json();
}

/** GET /api/planner-layers: the layers planners imported. */
export async function getPlannerLayers() {
  return (await send('GET', '/api/planner-layers')).body.layers;
}

/** A planner layer's features (GeoJSON). */
export async function getPlannerItems(id) {
  return (await send('GET', `/api/planner-layers/${encodeURIComponent(id)}/items?limit=10000`)).body;
}

/**
 * POST /api/export: the features of a layer that lie within `distance` metres of a drawn geometry, as a file.
 * @returns {Promise<{blob: Blob, fileName: string}>}
 */
export async function exportSelection(layer, format, geometry, distance) {
  let response;
  try {
    response = await fetch('/api/export', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', ...(csrf ? { 'X-CSRF-Token': csrf } : {}) },
      body: JSON.stringify({ layer, format, geometry, distance }),
    });
  } catch (cause) {
    throw new NetworkError('Request failed: /api/export', { url: '/api/export', cause });
  }
  if (!response.ok) throw await failure(response, '/api/export');
  const disposition = response.headers.get('Content-Disposition') || '';
  const match = /filename="([^"]+)"/.exec(disposition);
  return { blob: await response.blob(), fileName: match ? match[1] : `export.${format}` };
}

export { HttpError, NetworkError };

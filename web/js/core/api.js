// The only module that talks HTTP: same-origin JSON/GeoJSON requests, typed errors, loading events.

/** Base class of every error thrown by this module. */
export class ApiError extends Error {
  /**
   * @param {string} message
   * @param {{url?: string, status?: number, problem?: object|null, cause?: unknown}} [info]
   */
  constructor(message, { url = '', status = 0, problem = null, cause } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'ApiError';
    this.url = url;
    this.status = status;
    this.problem = problem;
  }
}

/** The server could not be reached (offline, DNS, connection refused, aborted). */
export class NetworkError extends ApiError {
  constructor(message, info) {
    super(message, info);
    this.name = 'NetworkError';
  }
}

/** The server answered with a non-2xx status; `problem` holds its problem+json body, if any. */
export class HttpError extends ApiError {
  constructor(message, info) {
    super(message, info);
    this.name = 'HttpError';
  }
}

/** 404: the collection or resource does not exist. */
export class NotFoundError extends HttpError {
  constructor(message, info) {
    super(message, info);
    this.name = 'NotFoundError';
  }
}

/** A 2xx response whose body is not the JSON document that was expected. */
export class ParseError extends ApiError {
  constructor(message, info) {
    super(message, info);
    this.name = 'ParseError';
  }
}

/**
 * Fires `loadingstart` and `loadingend` (CustomEvent, detail `{url, pending}`) around every request,
 * so pages can show a busy indicator without knowing who is loading what.
 */
export const apiEvents = new EventTarget();

let pending = 0;

function emit(type, url) {
  apiEvents.dispatchEvent(new CustomEvent(type, { detail: { url, pending } }));
}

function isJsonType(contentType) {
  return /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType || '');
}

async function readProblem(response) {
  let text = '';
  try {
    text = await response.text();
  } catch {
    return null;
  }
  if (!isJsonType(response.headers.get('Content-Type'))) return null;
  try {
    const body = JSON.parse(text);
    if (!body || typeof body !== 'object') return null;
    return {
      type: body.type ?? 'about:blank',
      title: body.title ?? response.statusText,
      status: body.status ?? response.status,
      // RFC 9457 says "detail"; Javalin's own shape says "details".
      detail: body.detail ?? (typeof body.details === 'string' ? body.details : null),
    };
  } catch {
    return null;
  }
}

/**
 * GETs a same-origin JSON document.
 * @param {string} url absolute path, e.g. "/api/catalog"
 * @param {{accept?: string, signal?: AbortSignal}} [options]
 * @returns {Promise<any>}
 * @throws {NetworkError|HttpError|NotFoundError|ParseError}
 */
export async function getJson(url, { accept = 'application/json', signal } = {}) {
  pending += 1;
  emit('loadingstart', url);
  try {
    let response;
    try {
      response = await fetch(url, {
        headers: { Accept: `${accept}, application/problem+json;q=0.5` },
        credentials: 'same-origin',
        signal,
      });
    } catch (cause) {
      throw new NetworkError(`Request failed: ${url}`, { url, cause });
    }
    if (!response.ok) {
      const problem = await readProblem(response);
      const message = problem?.detail || problem?.title || `HTTP ${response.status}`;
      const Type = response.status === 404 ? NotFoundError : HttpError;
      throw new Type(message, { url, status: response.status, problem });
    }
    try {
      return await response.json();
    } catch (cause) {
      throw new ParseError(`Response is not JSON: ${url}`, { url, status: response.status, cause });
    }
  } finally {
    pending -= 1;
    emit('loadingend', url);
  }
}

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
  return catalog;
}

/**
 * One OGC API Features items page of a collection, as an RFC 7946 FeatureCollection.
 * @param {string} layerId
 * @param {{limit?: number, signal?: AbortSignal}} [options]
 * @returns {Promise<{type: 'FeatureCollection', features: object[], numberMatched?: number, numberReturned?: number}>}
 */
export async function getItems(layerId, { limit = 10000, signal } = {}) {
  const url = `/ogc/collections/${encodeURIComponent(layerId)}/items?limit=${encodeURIComponent(limit)}`;
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

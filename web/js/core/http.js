// The only module that talks HTTP: every request of every page (reads, JSON writes with the session's CSRF
// token, uploads, downloads) and every event stream is made here, with one set of typed errors, one
// problem+json parser and the loading events. core/api.js names the server's endpoints on top of it.

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

/**
 * The server answered with a non-2xx status; `problem` holds its problem+json body, if any, and `etag`
 * the answer's ETag (a 412 names the version that is current now).
 */
export class HttpError extends ApiError {
  constructor(message, info = {}) {
    super(message, info);
    this.name = 'HttpError';
    this.etag = info.etag ?? null;
    /** Seconds to wait before asking again (a 429's or 503's Retry-After), or null. */
    this.retryAfter = Number.isInteger(info.retryAfter) ? info.retryAfter : null;
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
let csrfToken = null;

function emit(type, url) {
  apiEvents.dispatchEvent(new CustomEvent(type, { detail: { url, pending } }));
}

/**
 * The session's CSRF token, sent as X-CSRF-Token on every request that is not a GET (null: none).
 * core/api.js sets it from the session answers; pages never handle it.
 */
export function setCsrfToken(token) {
  csrfToken = token || null;
}

function isJsonType(contentType) {
  return /^application\/([a-z0-9.+-]*\+)?json\b/i.test(contentType || '');
}

/** The problem+json body of a failed response (RFC 9457), or null when it has none. */
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
      // the request field at fault, when the server names one
      parameter: body.parameter ?? null,
    };
  } catch {
    return null;
  }
}

/**
 * Sends one same-origin request and checks its status.
 * @param {string} method
 * @param {string} url absolute path, e.g. "/api/catalog"
 * @param {{json?: unknown, form?: FormData, raw?: Blob, accept?: string, headers?: Record<string, string>,
 *   signal?: AbortSignal}} [options] `json` is sent as an application/json body, `form` as multipart,
 *   `raw` as it is (e.g. a chunk of a photo)
 * @returns {Promise<Response>} a 2xx response, its body unread
 * @throws {NetworkError|HttpError|NotFoundError}
 */
async function send(method, url, { json, form, raw, accept = 'application/json', headers = {}, signal } = {}) {
  const h = { Accept: `${accept}, application/problem+json;q=0.5`, ...headers };
  let body;
  if (raw !== undefined) {
    body = raw; // bytes (a Blob), with the Content-Type given in headers
  } else if (json !== undefined) {
    h['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    body = form; // the browser writes the multipart Content-Type with its boundary
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) h['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(url, { method, headers: h, credentials: 'same-origin', body, signal });
  } catch (cause) {
    throw new NetworkError(`Request failed: ${url}`, { url, cause });
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    const message = problem?.detail || problem?.title || `HTTP ${response.status}`;
    const Type = response.status === 404 ? NotFoundError : HttpError;
    const retryAfter = /^\d+$/.test(response.headers.get('Retry-After') ?? '')
      ? Number(response.headers.get('Retry-After')) : null;
    throw new Type(message, { url, status: response.status, problem, etag: response.headers.get('ETag'), retryAfter });
  }
  return response;
}

/** Runs `work` between the loading events. */
async function loading(url, work) {
  pending += 1;
  emit('loadingstart', url);
  try {
    return await work();
  } finally {
    pending -= 1;
    emit('loadingend', url);
  }
}

async function bodyOf(response, url) {
  if (response.status === 204) return null;
  try {
    return await response.json();
  } catch (cause) {
    throw new ParseError(`Response is not JSON: ${url}`, { url, status: response.status, cause });
  }
}

/**
 * Sends a request whose answer is JSON (or 204, read as null).
 * @param {string} method
 * @param {string} url
 * @param {{json?: unknown, form?: FormData, raw?: Blob, accept?: string, headers?: Record<string, string>,
 *   signal?: AbortSignal}} [options]
 * @returns {Promise<{body: any, etag: string|null, status: number}>}
 * @throws {NetworkError|HttpError|NotFoundError|ParseError}
 */
export function request(method, url, options = {}) {
  return loading(url, async () => {
    const response = await send(method, url, options);
    const body = await bodyOf(response, url);
    return { body, etag: response.status === 204 ? null : response.headers.get('ETag'), status: response.status };
  });
}

/**
 * GETs a same-origin JSON document.
 * @param {string} url absolute path, e.g. "/api/catalog"
 * @param {{accept?: string, signal?: AbortSignal}} [options]
 * @returns {Promise<any>}
 * @throws {NetworkError|HttpError|NotFoundError|ParseError}
 */
export async function getJson(url, { accept = 'application/json', signal } = {}) {
  return (await request('GET', url, { accept, signal })).body;
}

/**
 * Sends a request whose answer is a file, e.g. an export.
 * @returns {Promise<{blob: Blob, fileName: string|null}>} the file name of Content-Disposition, if any
 * @throws {NetworkError|HttpError|NotFoundError}
 */
export function download(method, url, options = {}) {
  return loading(url, async () => {
    const response = await send(method, url, { accept: '*/*', ...options });
    const match = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') || '');
    return { blob: await response.blob(), fileName: match ? match[1] : null };
  });
}

/** Opens a server-sent event stream (same origin; the session cookie goes with it), or null without EventSource. */
export function openEventStream(url) {
  return typeof EventSource === 'undefined' ? null : new EventSource(url);
}

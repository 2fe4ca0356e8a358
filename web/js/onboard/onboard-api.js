// The onboarding routes (issue 18; admins only) and the one place that reads their JSON: the page works on the
// shapes returned here, so a change of the server's answers is adapted in this module alone. Requests go
// through core/http.js like every other page's.

import { request, getJson } from '../core/http.js';

const list = (v) => (Array.isArray(v) ? v : []);
const count = (v, fallback = 0) => (Number.isFinite(Number(v)) ? Number(v) : fallback);

/**
 * The form of a preview or an apply: the file (or, without one, `source`: a planner layer's id), the target layer, the reading options and (when the admin has
 * one) the mapping as JSON; `base` (apply) is the preview's fingerprint of the layer, so an apply is refused
 * (409) when the layer changed meanwhile.
 */
function formOf(file, target, {
  source = '', mapping = null, base = null, crs = '', encoding = '', gcj02 = false,
} = {}) {
  const form = new FormData();
  if (file) form.append('file', file, file.name);
  else form.append('source', source); // a planner layer's id, read from the store
  form.append('target', target);
  if (mapping) form.append('mapping', JSON.stringify(mapping));
  if (base) form.append('base', base);
  if (crs) form.append('crs', crs);
  if (encoding) form.append('encoding', encoding);
  form.append('gcj02', gcj02 ? 'true' : 'false');
  return form;
}

/** A mapping as `import --map FILE` reads it: {target, fields: {source: field}, key?, namesAsCodes, mode}. */
export function mappingOf(m, target) {
  const out = {
    target: m?.target ?? target,
    fields: { ...(m?.fields ?? {}) },
    namesAsCodes: m?.namesAsCodes !== false,
    mode: m?.mode === 'replace' ? 'replace' : 'merge',
  };
  if (m?.key) out.key = m.key;
  return out;
}

/** One suggested pairing: {source, sourceType, target, targetType, how, score, unit, unitWarning}. */
function matchOf(m) {
  return {
    source: String(m.source), sourceType: m.sourceType ?? null, target: m.target ?? null,
    targetType: m.targetType ?? null, how: m.how ?? null, score: count(m.score, null), unit: m.unit ?? null,
    unitWarning: m.unitWarning ?? null, // the column names another unit than the field's (values not converted)
  };
}

/** The preview's figures, lists bounded by the server (counts are not). */
function resultOf(p = {}) {
  const d = p.diff ?? {};
  return {
    target: p.target ?? null,
    mode: p.mode ?? null,
    base: p.base ?? null,
    rows: count(p.rows),
    written: count(p.written),
    skipped: count(p.skipped),
    repaired: count(p.repaired),
    repairs: list(p.repairs).map((r) => ({ index: r.index, id: r.id ?? null, before: r.before ?? '', after: r.after ?? '' })),
    problemCount: count(p.problemCount, list(p.problems).length),
    problems: list(p.problems).map((r) => ({ row: r.row, field: r.field ?? '', value: r.value ?? null, problem: r.problem ?? '' })),
    unmatchedCount: count(p.unmatchedCount, list(p.unmatched).length),
    unmatched: list(p.unmatched).map((u) => ({ row: u.row, field: u.field ?? '', value: u.value ?? null })),
    diff: {
      added: count(d.added), changed: count(d.changed), removed: count(d.removed), unchanged: count(d.unchanged),
      addedIds: list(d.addedIds).map(String), changedIds: list(d.changedIds).map(String),
      removedIds: list(d.removedIds).map(String),
    },
    // the features an apply would write, when the server sends them (a GeoJSON FeatureCollection); else null
    features: p.features?.type === 'FeatureCollection' ? p.features : null,
  };
}

/**
 * POST /api/onboarding/preview: the suggestion (always), the mapping used and what applying it would do.
 * @returns {Promise<{suggestion: {mapping: object, matches: object[], unmappedSource: string[],
 *   unmappedTarget: string[]}, mapping: object, preview: object}>}
 */
export async function previewOnboarding(file, target, options = {}) {
  const { body } = await request('POST', '/api/onboarding/preview', { form: formOf(file, target, options) });
  const s = body?.suggestion ?? {};
  return {
    suggestion: {
      mapping: mappingOf(s.mapping, target),
      matches: list(s.matches).map(matchOf),
      unmappedSource: list(s.unmappedSource).map(String),
      unmappedTarget: list(s.unmappedTarget).map(String),
    },
    mapping: mappingOf(body?.mapping ?? s.mapping, target),
    preview: resultOf(body?.preview),
  };
}

/** POST /api/onboarding/apply: writes the layer; resolves to {layer, version, preview}. */
export async function applyOnboarding(file, target, mapping, options = {}) {
  const { body } = await request('POST', '/api/onboarding/apply', { form: formOf(file, target, { ...options, mapping }) });
  return { layer: body?.layer ?? target, version: count(body?.version, null), preview: resultOf(body?.preview) };
}

/** GET /api/onboarding/{layer}/versions: newest first, each {version, action, at, actor, rolledBackTo, written, removed, kept}. */
export async function getVersions(layer) {
  const body = await getJson(`/api/onboarding/${encodeURIComponent(layer)}/versions`);
  return list(body?.versions).map((v) => ({
    version: count(v.version, null), action: v.action ?? '', at: v.at ?? null, actor: v.actor ?? '',
    rolledBackTo: v.rolledBackTo ?? null, written: count(v.written, null), removed: count(v.removed, null),
    kept: count(v.kept, null),
  }));
}

/** POST /api/onboarding/{layer}/rollback: the layer as it was before `version`, as a new version; resolves to {version, restored}. */
export async function rollbackLayer(layer, version) {
  const { body } = await request('POST', `/api/onboarding/${encodeURIComponent(layer)}/rollback`, { json: { version } });
  return { layer: body?.layer ?? layer, version: count(body?.version, null), restored: count(body?.restored, version) };
}

// The queue of visits recorded on the device: each is saved in IndexedDB at once with its UUID, then sent to
// POST /api/field/visits when the network allows (the online event, a retry with backoff, or on demand). A
// resend is harmless: the server answers 200 with the visit stored before. A 4xx keeps the item, marked with
// the problem's title, and it is not retried; network errors, 5xx and 401/403 (signed out: sign in again)
// are retried.
//
// The queue holds three records (`record`): a visit (the default), a household update (POST
// /api/field/households/{code}/updates with the version the cadre saw; the answer, field by field, is kept in
// the "updates" store and told to the page) and a work log (POST /api/field/logs). Each is sent with its
// device-made id, so a resend stores nothing twice.
//
// A visit's photos wait in the "photos" store (the reduced JPEG, its SHA-256 and EXIF) and are uploaded once
// their visit is stored: POST /api/field/photos begins (or finds) the upload, then PUT …/content sends
// 256 KiB chunks from the bytes the server has; a 409 (another start) is answered by asking the server where
// it stands (GET) and resuming there; a 422 on the SHA-256 starts the photo again once. The bytes received
// are kept after each chunk, so a reload resumes too. A complete photo keeps its record (state and
// metadata) but drops its bytes.

import { request, NetworkError, HttpError } from '../core/http.js';
import { getSession } from '../core/api.js';
import { all, get, put, remove } from './db.js';

const MIN_DELAY = 5_000;
const MAX_DELAY = 300_000;
/** The size of a photo chunk (the server takes at most 512 KiB). */
export const CHUNK = 256 * 1024;

function permanent(error) {
  return error instanceof HttpError && error.status >= 400 && error.status < 500
    && ![401, 403, 408, 429].includes(error.status);
}

/**
 * The queue, with a listener told of every change: it gets the waiting items, visits (`kind: 'visit'`) and
 * photos not yet complete (`kind: 'photo'`), so the header's count includes the photos.
 */
export class VisitQueue {
  /**
   * @param onChange told the waiting items on every change
   * @param hooks `onAnswer(update, answer)` after an update is answered (its household as the server has it now),
   *   `onSynced()` after each round of sending
   */
  constructor(onChange = () => {}, hooks = {}) {
    this._onChange = onChange;
    this._hooks = hooks;
    this._delay = MIN_DELAY;
    this._timer = null;
    this._syncing = null;
    window.addEventListener('online', () => this.sync());
  }

  /** The waiting visits, oldest first. */
  async items() {
    return (await all('queue')).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  /** The photos not yet complete on the server, oldest first. */
  async photos() {
    return (await all('photos')).filter((p) => !p.complete).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  /**
   * Saves a visit (with its device-made id) and its prepared photos (exif.js preparePhoto, each with an id),
   * then tries to send them.
   */
  async add(visit, photos = []) {
    const queuedAt = new Date().toISOString();
    for (const p of photos) {
      await put('photos', { ...p, visit_id: visit.id, received: 0, complete: false, problem: null, queuedAt });
    }
    await put('queue', { id: visit.id, visit, queuedAt, problem: null });
    await this._changed();
    this.sync();
  }

  /** Saves a household update `{id, household_code, base_version, at, changes}` and tries to send it. */
  async addUpdate(update) {
    const queuedAt = new Date().toISOString();
    await put('updates', { ...update, queuedAt, answer: null });
    await put('queue', { id: update.id, record: 'update', update, queuedAt, problem: null });
    await this._changed();
    this.sync();
  }

  /** Saves a work log `{id, kind, at, text, household_code | village_code}` and its prepared photos, then tries to send them. */
  async addLog(log, photos = []) {
    const queuedAt = new Date().toISOString();
    for (const p of photos) {
      await put('photos', { ...p, record: 'log', record_id: log.id, received: 0, complete: false, problem: null, queuedAt });
    }
    await put('logs', { id: log.id, at: new Date(log.at).toISOString(), log });
    await put('queue', { id: log.id, record: 'log', log, queuedAt, problem: null });
    await this._changed();
    this.sync();
  }

  /**
   * Saves the verification of an alert `{alert_id, confirmed, note, visit_id}` (after the visit it names, so the
   * visit is sent first) and tries to send it.
   */
  async addVerification(verification) {
    const queuedAt = new Date().toISOString();
    await put('queue', { id: `verify-${verification.alert_id}`, record: 'verify', verification, queuedAt, problem: null });
    await this._changed();
    this.sync();
  }

  /**
   * Sends everything again, as a device would after a lost answer: every visit recorded on this device and
   * every photo (a complete one is only begun again: the server answers that it has it). The test hook
   * behind `window.xiangtuApp.resendAll()`; nothing changes on the server.
   */
  async resendAll() {
    for (const v of await all('visits')) {
      if (v.visit && !(await get('queue', v.id))) await put('queue', { id: v.id, visit: v.visit, queuedAt: new Date().toISOString(), problem: null });
    }
    for (const u of await all('updates')) {
      const { queuedAt, answer, fields, ...update } = u;
      if (!(await get('queue', u.id))) await put('queue', { id: u.id, record: 'update', update, queuedAt: new Date().toISOString(), problem: null });
    }
    for (const l of await all('logs')) {
      if (!(await get('queue', l.id))) await put('queue', { id: l.id, record: 'log', log: l.log, queuedAt: new Date().toISOString(), problem: null });
    }
    for (const p of await all('photos')) await put('photos', { ...p, complete: false, problem: null });
    await this._changed();
    return this.sync();
  }

  /** Sends every queued visit and photo that has no 4xx problem; schedules a retry with backoff if some failed. */
  sync() {
    if (this._syncing) {
      // a round is under way and may have read the queue before the latest additions: one more round after it
      this._next = this._next ?? this._syncing.then(() => { this._next = null; return this.sync(); });
      return this._next;
    }
    this._syncing = this._send().finally(() => { this._syncing = null; });
    return this._syncing;
  }

  async _send() {
    clearTimeout(this._timer);
    let retry = false;
    const items = (await this.items()).filter((i) => !i.problem);
    const photos = (await this.photos()).filter((p) => !p.problem);
    if (items.length || photos.length) {
      try {
        await getSession(); // a page opened offline has no CSRF token yet: read the session's first
      } catch {
        retry = true;
      }
    }
    for (const item of retry ? [] : items) {
      try {
        await this._post(item);
        await remove('queue', item.id);
      } catch (error) {
        if (permanent(error)) {
          await put('queue', { ...item, problem: error.problem?.title || error.message });
        } else {
          retry = true;
          if (error instanceof NetworkError) break;
        }
      }
    }
    await this._changed();
    const waiting = new Set((await this.items()).map((i) => i.id));
    for (const photo of retry ? [] : photos.filter((p) => !waiting.has(p.record_id ?? p.visit_id))) {
      try {
        await this._upload(photo);
      } catch (error) {
        if (permanent(error)) {
          await put('photos', { ...(await get('photos', photo.id)), problem: error.problem?.title || error.message });
        } else {
          retry = true;
          if (error instanceof NetworkError) break;
        }
      }
      await this._changed();
    }
    await this._changed();
    if (retry) {
      this._timer = setTimeout(() => this.sync(), this._delay);
      this._delay = Math.min(this._delay * 2, MAX_DELAY);
    } else {
      this._delay = MIN_DELAY;
    }
    await this._hooks.onSynced?.();
  }

  /** Sends one queued record; an update's answer is kept with it and told to the page. */
  async _post(item) {
    if (item.record === 'verify') {
      const { alert_id: id, household_code: code, ...body } = item.verification;
      await request('POST', `/api/field/alerts/${encodeURIComponent(id)}/verify`, { json: body });
      await remove('alerts', id);
    } else if (item.record === 'log') {
      await request('POST', '/api/field/logs', { json: item.log });
    } else if (item.record === 'update') {
      const { household_code: code, ...body } = item.update;
      const answer = (await request('POST', `/api/field/households/${encodeURIComponent(code)}/updates`, { json: body })).body;
      const stored = (await get('updates', item.id)) ?? { ...item.update };
      const review = new Map(answer.review.map((r) => [r.field, r.id]));
      const fields = Object.keys(item.update.changes).map((field) => (answer.applied.includes(field)
        ? { field, status: 'applied' } : review.has(field)
          ? { field, status: 'review', review_id: review.get(field) } : { field, status: 'unchanged' }));
      await put('updates', { ...stored, answer: { version: answer.version, applied: answer.applied, review: answer.review }, fields });
      await this._hooks.onAnswer?.(item.update, answer);
    } else {
      await request('POST', '/api/field/visits', { json: item.visit });
    }
  }

  /** Begins (or finds) a photo's upload and sends its chunks from where the server stands. */
  async _upload(photo) {
    const begin = {
      id: photo.id, record: photo.record ?? 'visit', record_id: photo.record_id ?? photo.visit_id, bytes: photo.bytes, sha256: photo.sha256,
      content_type: 'image/jpeg',
    };
    for (const f of ['taken_at', 'lon', 'lat', 'device_lon', 'device_lat']) if (photo[f] != null) begin[f] = photo[f];
    let state = (await request('POST', '/api/field/photos', { json: begin })).body;
    let restarted = false;
    while (!state.complete) {
      if (!photo.blob) throw new HttpError('The photo is no longer on this device.', { url: '', status: 410, problem: { title: '照片已不在本机 / photo no longer on this device' } });
      await this._progress(photo, state.received, false);
      const start = state.received;
      const end = Math.min(start + CHUNK, photo.bytes);
      try {
        state = (await request('PUT', `/api/field/photos/${photo.id}/content`, {
          raw: photo.blob.slice(start, end),
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Range': `bytes ${start}-${end - 1}/${photo.bytes}` },
        })).body;
      } catch (error) {
        if (error instanceof HttpError && error.status === 409) {
          state = (await request('GET', `/api/field/photos/${photo.id}`)).body; // resume where the server stands
        } else if (error instanceof HttpError && error.status === 422 && error.problem?.parameter === 'sha256' && !restarted) {
          restarted = true;
          state = { received: 0, complete: false };
        } else {
          throw error;
        }
      }
    }
    await this._progress(photo, photo.bytes, true);
  }

  async _progress(photo, received, complete) {
    const stored = (await get('photos', photo.id)) ?? photo;
    await put('photos', { ...stored, received, complete, blob: complete ? null : stored.blob });
    await this._changed();
  }

  async _changed() {
    const visits = (await this.items()).map((i) => ({ ...i, kind: i.record ?? 'visit' }));
    const photos = (await this.photos()).map((p) => ({ ...p, kind: 'photo' }));
    this._onChange([...visits, ...photos]);
  }

  /** The queue as a JSON file (the last resort when it cannot be sent; photos listed without their bytes). */
  async exportFile() {
    const photos = (await this.photos()).map(({ blob, ...p }) => p);
    const items = await this.items();
    const of = (record) => items.filter((i) => (i.record ?? 'visit') === record);
    const blob = new Blob([JSON.stringify({ visits: of('visit'), updates: of('update'), logs: of('log'),
      verifications: of('verify'), photos }, null, 2)],
      { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `xiangtu-queue-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
}

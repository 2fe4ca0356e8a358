// The queue of visits recorded on the device: each is saved in IndexedDB at once with its UUID, then sent to
// POST /api/field/visits when the network allows (the online event, a retry with backoff, or on demand). A
// resend is harmless: the server answers 200 with the visit stored before. A 4xx keeps the item, marked with
// the problem's title, and it is not retried; network errors, 5xx and 401/403 (signed out: sign in again)
// are retried.

import { request, NetworkError, HttpError } from '../core/http.js';
import { getSession } from '../core/api.js';
import { all, put, remove } from './db.js';

const MIN_DELAY = 5_000;
const MAX_DELAY = 300_000;

/** The queue, with a listener told of every change (the header shows its length). */
export class VisitQueue {
  constructor(onChange = () => {}) {
    this._onChange = onChange;
    this._delay = MIN_DELAY;
    this._timer = null;
    this._syncing = null;
    window.addEventListener('online', () => this.sync());
  }

  async items() {
    return (await all('queue')).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }

  /** Saves a visit (with its device-made id) and tries to send it. */
  async add(visit) {
    await put('queue', { id: visit.id, visit, queuedAt: new Date().toISOString(), problem: null });
    await this._changed();
    this.sync();
  }

  /** Sends every queued visit that has no 4xx problem; schedules a retry with backoff if some failed. */
  sync() {
    if (!this._syncing) this._syncing = this._send().finally(() => { this._syncing = null; });
    return this._syncing;
  }

  async _send() {
    clearTimeout(this._timer);
    let retry = false;
    const items = (await this.items()).filter((i) => !i.problem);
    if (items.length) {
      try {
        await getSession(); // a page opened offline has no CSRF token yet: read the session's first
      } catch {
        retry = true;
      }
    }
    for (const item of retry ? [] : items) {
      try {
        await request('POST', '/api/field/visits', { json: item.visit });
        await remove('queue', item.id);
      } catch (error) {
        if (error instanceof HttpError && error.status >= 400 && error.status < 500 && ![401, 403, 408, 429].includes(error.status)) {
          await put('queue', { ...item, problem: error.problem?.title || error.message });
        } else {
          retry = true;
          if (error instanceof NetworkError) break;
        }
      }
    }
    await this._changed();
    if (retry) {
      this._timer = setTimeout(() => this.sync(), this._delay);
      this._delay = Math.min(this._delay * 2, MAX_DELAY);
    } else {
      this._delay = MIN_DELAY;
    }
  }

  async _changed() {
    this._onChange(await this.items());
  }

  /** The queue as a JSON file (the last resort when it cannot be sent). */
  async exportFile() {
    const blob = new Blob([JSON.stringify(await this.items(), null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `xiangtu-queue-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }
}

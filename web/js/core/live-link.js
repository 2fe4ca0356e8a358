// The live link to the server: one EventSource on /events, rebuilt with back-off after every failure
// or stall, and the online/offline state. The wall screen uses it directly; the cockpit through
// core/live.js. The only place the pages open /events (the stream itself is made by core/http.js).

import { openEventStream } from './http.js';

const BACKOFF_MS = [1000, 2000, 4000, 8000, 15000];
/** Heartbeats a stream may miss before it counts as stalled (the server announces their interval). */
const MISSED_HEARTBEATS = 3;
const DEFAULT_HEARTBEAT_S = 15;
const WATCH_MS = 1000;
/** The changes the cockpit and the wall screen follow (a cadre's visit: the month's count changed). */
export const CHANGE_KINDS = ['project', 'layer', 'visit'];

/**
 * Keeps one `/events` stream open for the life of the page.
 * Callbacks: `onHello({started, lastId, restarted, reconnected})` after each (re)connection, `onChange(event)` for
 * the event kinds in `kinds` (by default `project`, `layer` and `visit`; the planners' workspace asks for
 * `review`), `onStatus({online, since})` when the link goes down or comes back
 * (`since` = the Date it went down). Exactly one stream and at most one retry timer exist at any time.
 * A stream that goes silent without closing (a half-open connection, a stuck proxy: EventSource does
 * not notice) is caught by a watchdog: nothing heard, not even the server's `heartbeat` event, for
 * three heartbeat intervals counts as a failure.
 */
export class LiveLink {
  constructor({ url = '/events', kinds = CHANGE_KINDS, onHello, onChange, onStatus }) {
    this.url = url;
    this.kinds = [...kinds];
    this.onHello = onHello;
    this.onChange = onChange;
    this.onStatus = onStatus;
    this.source = null;
    this.retry = null;
    this.attempt = 0;
    this.started = null;
    this.offlineSince = null;
    this.connections = 0; // streams opened so far (for the soak test)
    this.stalls = 0; // streams given up as silent (for tests)
    this.heartbeatMs = DEFAULT_HEARTBEAT_S * 1000;
    this.lastHeard = 0;
    this.watchdog = null;
    this.handleHello = (e) => this.hello(e);
    this.handleChange = (e) => this.change(e);
    this.handleHeartbeat = () => this.heard();
    this.handleError = () => this.failed();
  }

  start() {
    this.open();
    if (this.watchdog === null) this.watchdog = setInterval(() => this.watch(), WATCH_MS);
  }

  open() {
    this.retry = null;
    this.connections += 1;
    this.heard(); // a new stream gets the full grace period to say hello
    const source = openEventStream(this.url);
    if (source === null) return; // no EventSource in this browser: no live updates
    source.addEventListener('hello', this.handleHello);
    for (const kind of this.kinds) source.addEventListener(kind, this.handleChange);
    source.addEventListener('heartbeat', this.handleHeartbeat);
    source.addEventListener('error', this.handleError);
    this.source = source;
  }

  heard() {
    this.lastHeard = Date.now();
  }

  /** The watchdog: an open stream silent for too long is closed and rebuilt, and the screen shows offline. */
  watch() {
    if (this.source === null) return;
    if (Date.now() - this.lastHeard > MISSED_HEARTBEATS * this.heartbeatMs) {
      this.stalls += 1;
      this.failed();
    }
  }

  /** Ends the link for good: the stream, the retry timer and the watchdog. */
  stop() {
    clearInterval(this.watchdog);
    this.watchdog = null;
    clearTimeout(this.retry);
    this.retry = null;
    this.close();
  }

  close() {
    const source = this.source;
    if (!source) return;
    source.removeEventListener('hello', this.handleHello);
    for (const kind of this.kinds) source.removeEventListener(kind, this.handleChange);
    source.removeEventListener('heartbeat', this.handleHeartbeat);
    source.removeEventListener('error', this.handleError);
    source.close();
    this.source = null;
  }

  /** The server said hello: online again; a different `started` means it restarted. */
  hello(event) {
    this.heard();
    let body = {};
    try {
      body = JSON.parse(event.data);
    } catch {
      // an unreadable hello still proves the link works
    }
    if (Number.isFinite(body.heartbeatSeconds) && body.heartbeatSeconds > 0) {
      this.heartbeatMs = body.heartbeatSeconds * 1000;
    }
    const restarted = this.started !== null && body.started !== this.started;
    this.started = body.started ?? this.started;
    this.attempt = 0;
    const wasOffline = this.offlineSince !== null;
    this.offlineSince = null;
    if (wasOffline) this.onStatus?.({ online: true, since: null });
    this.onHello?.({ started: body.started, lastId: body.lastId, restarted, reconnected: wasOffline });
  }

  change(event) {
    this.heard();
    try {
      this.onChange?.({ type: event.type, ...JSON.parse(event.data) });
    } catch {
      // a malformed event is ignored; the next hello reloads everything anyway
    }
  }

  /**
   * The stream failed (server gone, network cut, proxy closed it). EventSource would retry by itself
   * only for some failures, so the stream is always closed and rebuilt here, with back-off.
   */
  failed() {
    this.close();
    if (this.offlineSince === null) {
      this.offlineSince = new Date();
      this.onStatus?.({ online: false, since: this.offlineSince });
    }
    if (this.retry === null) {
      // ±20 % so that many screens that lost the same server do not all come back at the same instant
      const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)] * (0.8 + 0.4 * Math.random());
      this.attempt += 1;
      this.retry = setTimeout(() => this.open(), delay);
    }
  }

  /** A data request failed for lack of network: show offline until the stream proves otherwise. */
  reportNetworkFailure() {
    if (this.offlineSince !== null) return;
    this.offlineSince = new Date();
    this.onStatus?.({ online: false, since: this.offlineSince });
    // The stream may still look open (a silent cut); rebuilding it settles the question.
    this.failed();
  }
}

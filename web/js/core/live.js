// Live updates for the cockpit (and, for `review` events, the planners' workspace): calls back when data changed — a project's progress, an imported or
// published layer — or when the server restarted (its `hello` names a new run). Bursts are folded
// into one call. The stream itself (reconnection with back-off, stall watchdog) is core/live-link.js,
// shared with the wall screen.

import { CHANGE_KINDS, LiveLink } from './live-link.js';

/**
 * @param {object} options
 * @param {(reason: {kind: string, data?: object}) => void} options.onChange called at most once per `delay` ms
 * @param {(online: boolean) => void} [options.onStatus] connection up / down
 * @param {number} [options.delay] fold changes arriving within this many ms (default 800)
 * @param {string[]} [options.kinds] the event kinds to follow (default: core/live-link.js's CHANGE_KINDS)
 * @returns {{close: () => void}}
 */
export function listenForChanges({ onChange, onStatus = () => {}, delay = 800, kinds = CHANGE_KINDS }) {
  if (typeof EventSource === 'undefined') return { close() {} };
  let timer = null;
  let pending = null;
  const later = (reason) => {
    pending = reason;
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      const r = pending;
      pending = null;
      onChange(r);
    }, delay);
  };
  const link = new LiveLink({
    kinds,
    onHello: ({ restarted, reconnected }) => {
      onStatus(true);
      // a new stream replays nothing: after a restart or a gap, whatever changed meanwhile is reloaded
      if (restarted || reconnected) later({ kind: restarted ? 'restart' : 'reconnect' });
    },
    onChange: (event) => later({ kind: event.type, data: event.data }),
    onStatus: ({ online }) => onStatus(online),
  });
  link.start();
  return {
    close() {
      clearTimeout(timer);
      link.stop();
    },
  };
}

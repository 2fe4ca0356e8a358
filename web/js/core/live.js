// Live updates: listens to the server's change feed (/events, server-sent events) and calls back when
// data changed — a project's progress, an imported or published layer — or when the server restarted
// (its `hello` names a new run). Bursts are folded into one call. EventSource reconnects by itself.

const CHANGE_EVENTS = ['project', 'layer'];

/**
 * @param {object} options
 * @param {(reason: {kind: string, data?: object}) => void} options.onChange called at most once per `delay` ms
 * @param {(online: boolean) => void} [options.onStatus] connection up / down
 * @param {number} [options.delay] fold changes arriving within this many ms (default 800)
 * @returns {{close: () => void}}
 */
export function listenForChanges({ onChange, onStatus = () => {}, delay = 800 }) {
  if (typeof EventSource === 'undefined') return { close() {} };
  const source = new EventSource('/events');
  let started = null;
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
  source.addEventListener('hello', (event) => {
    onStatus(true);
    let hello = {};
    try {
      hello = JSON.parse(event.data);
    } catch {
      return;
    }
    if (started && hello.started !== started) later({ kind: 'restart' });
    started = hello.started;
  });
  for (const kind of CHANGE_EVENTS) {
    source.addEventListener(kind, (event) => {
      let change = {};
      try {
        change = JSON.parse(event.data);
      } catch {
        // a malformed event still means "something changed"
      }
      later({ kind, data: change.data });
    });
  }
  source.addEventListener('error', () => onStatus(false));
  return {
    close() {
      clearTimeout(timer);
      source.close();
    },
  };
}

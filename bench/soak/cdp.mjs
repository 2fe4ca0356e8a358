// A tiny Chrome DevTools Protocol client for the soak scripts: starts Debian's headless Chromium with a
// debugging port and talks to one page over WebSocket (Node 20: run with --experimental-websocket).
// No npm packages: nothing to install, nothing fetched from outside.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

/** Starts Chromium (headless) at `width`×`height`; resolves to {page, close}. */
export async function launch({ width = 1920, height = 1080, binary = '/usr/bin/chromium' } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'xiangtu-soak-'));
  const port = 9300 + Math.floor(Math.random() * 500);
  const proc = spawn(binary, ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
    '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
    `--window-size=${width},${height}`, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`,
    'about:blank'], { stdio: 'ignore' });
  let targets = null;
  for (let i = 0; i < 100 && !targets; i += 1) {
    await sleep(200);
    try {
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      targets = list.filter((t) => t.type === 'page');
      if (targets.length === 0) targets = null;
    } catch {
      // not up yet
    }
  }
  if (!targets) throw new Error('Chromium did not start');
  const page = await connect(targets[0].webSocketDebuggerUrl);
  const close = async () => {
    page.close();
    proc.kill('SIGTERM');
    await sleep(500);
    rmSync(profile, { recursive: true, force: true });
  };
  return { page, close, pid: proc.pid };
}

async function connect(url) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 0;
  const waiting = new Map();
  const listeners = new Map();
  ws.onmessage = (message) => {
    const msg = JSON.parse(message.data);
    if (msg.id !== undefined && waiting.has(msg.id)) {
      const { resolve, reject } = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.error) reject(new Error(JSON.stringify(msg.error)));
      else resolve(msg.result);
    } else if (msg.method && listeners.has(msg.method)) {
      for (const fn of listeners.get(msg.method)) fn(msg.params);
    }
  };
  const send = (method, params = {}) => new Promise((resolve, reject) => {
    next += 1;
    waiting.set(next, { resolve, reject });
    ws.send(JSON.stringify({ id: next, method, params }));
  });
  return {
    send,
    on(method, fn) {
      if (!listeners.has(method)) listeners.set(method, []);
      listeners.get(method).push(fn);
    },
    /** Evaluates an expression in the page; returns its value (JSON-serializable). */
    async eval(expression) {
      const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true });
      if (r.exceptionDetails) throw new Error(r.exceptionDetails.text + ' ' + (r.exceptionDetails.exception?.description ?? ''));
      return r.result.value;
    },
    async screenshot() {
      const r = await send('Page.captureScreenshot', { format: 'png' });
      return Buffer.from(r.data, 'base64');
    },
    close() {
      ws.close();
    },
  };
}

export { sleep };

// Soak test of the public screen: headless Chromium shows /screen for a set time (many tours), a planner
// changes a project's progress every minute (an SSE event each time), and every sample records the JS
// heap (after a forced GC), DOM nodes, event listeners and the browser's open connections to the server.
//
//   node --experimental-websocket bench/soak/soak.mjs --base http://127.0.0.1:7391 --minutes 30 \
//        --dwell 5 --event-every 60 --user soak --password ... --out bench/results/screen-soak.csv
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { launch, sleep } from './cdp.mjs';

const args = Object.fromEntries(process.argv.slice(2).reduce((out, a, i, all) => {
  if (a.startsWith('--')) out.push([a.slice(2), all[i + 1]]);
  return out;
}, []));
const base = args.base ?? 'http://127.0.0.1:7391';
const minutes = Number(args.minutes ?? 30);
const dwell = Number(args.dwell ?? 5);
const eventEvery = Number(args['event-every'] ?? 60);
const sampleEvery = Number(args['sample-every'] ?? 30);
const out = args.out ?? 'screen-soak.csv';
const port = new URL(base).port;

async function plannerSession() {
  const r = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: args.user, password: args.password }) });
  if (r.status !== 200) throw new Error(`sign-in failed: ${r.status}`);
  const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return { cookie, csrf: (await r.json()).csrf };
}

async function bumpProject(session, n) {
  const id = `project-${String((n % 250) + 1).padStart(3, '0')}`;
  const got = await fetch(`${base}/api/projects/${id}`, { headers: { Cookie: session.cookie } });
  const etag = got.headers.get('ETag');
  const current = (await got.json()).properties.progress_pct ?? 0;
  const r = await fetch(`${base}/api/projects/${id}`, { method: 'PATCH', headers: { Cookie: session.cookie,
    'X-CSRF-Token': session.csrf, 'If-Match': etag, 'Content-Type': 'application/json' },
  body: JSON.stringify({ progress_pct: Math.min(100, Math.round(current) + 1) }) });
  return r.status;
}

/** Established TCP connections to the server's port (all of them are the browser's: nothing else runs). */
function openConnections() {
  try {
    const text = execFileSync('ss', ['-tnH', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' });
    return text.split('\n').filter((l) => l.trim()).length;
  } catch {
    return -1;
  }
}

const browser = await launch({ width: 1920, height: 1080 });
const page = browser.page;
const rows = [];
let errors = 0;
try {
  await page.send('Page.enable');
  await page.send('Runtime.enable');
  await page.send('Performance.enable');
  await page.send('Emulation.setDeviceMetricsOverride', { width: 1920, height: 1080, deviceScaleFactor: 1, mobile: false });
  page.on('Runtime.exceptionThrown', (p) => { errors += 1; console.log('[exception]', p.exceptionDetails.text); });
  page.on('Runtime.consoleAPICalled', (p) => { if (p.type === 'error') { errors += 1; console.log('[console.error]', p.args.map((a) => a.value ?? a.description).join(' ')); } });
  await page.send('Page.navigate', { url: `${base}/screen?dwell=${dwell}` });
  for (let i = 0; i < 150 && (await page.eval('document.body && document.body.dataset.ready')) !== 'true'; i += 1) await sleep(200);
  const session = await plannerSession();
  const t0 = Date.now();
  const end = t0 + minutes * 60_000;
  let nextEvent = t0 + eventEvery * 1000;
  let nextSample = t0;
  let events = 0;
  console.log('t_s,heap_mb,nodes,listeners,documents,connections,scenes_shown,refreshes,sse_opened,cache');
  while (Date.now() < end) {
    if (Date.now() >= nextEvent) {
      const status = await bumpProject(session, events);
      events += 1;
      if (status !== 200) console.log(`PATCH answered ${status}`);
      nextEvent += eventEvery * 1000;
    }
    if (Date.now() >= nextSample) {
      await page.send('HeapProfiler.collectGarbage');
      const metrics = Object.fromEntries((await page.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      const screen = await page.eval('({s: SCREEN.scenesShown, r: SCREEN.refreshes, c: SCREEN.connections, k: SCREEN.cacheSize})');
      const row = {
        t_s: Math.round((Date.now() - t0) / 1000),
        heap_mb: +(metrics.JSHeapUsedSize / 1048576).toFixed(2),
        nodes: metrics.Nodes,
        listeners: metrics.JSEventListeners,
        documents: metrics.Documents,
        connections: openConnections(),
        scenes_shown: screen.s,
        refreshes: screen.r,
        sse_opened: screen.c,
        cache: screen.k,
      };
      rows.push(row);
      console.log(Object.values(row).join(','));
      nextSample += sampleEvery * 1000;
    }
    await sleep(1000);
  }
  console.log(`events sent: ${events}, page errors: ${errors}`);
} finally {
  await browser.close();
}

writeFileSync(out, `${Object.keys(rows[0]).join(',')}\n${rows.map((r) => Object.values(r).join(',')).join('\n')}\n`);
// Growth: the median of the last quarter against the median of the first quarter after warm-up (sample 2+).
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const warm = rows.slice(2);
const q = Math.max(1, Math.floor(warm.length / 4));
const summary = {};
for (const key of ['heap_mb', 'nodes', 'listeners', 'connections']) {
  summary[key] = { first: median(warm.slice(0, q).map((r) => r[key])), last: median(warm.slice(-q).map((r) => r[key])),
    max: Math.max(...warm.map((r) => r[key])) };
}
summary.scenes_shown = rows.at(-1).scenes_shown;
summary.refreshes = rows.at(-1).refreshes;
summary.sse_opened = rows.at(-1).sse_opened;
summary.errors = errors;
console.log(JSON.stringify(summary));
writeFileSync(out.replace(/\.csv$/, '.json'), `${JSON.stringify(summary, null, 2)}\n`);

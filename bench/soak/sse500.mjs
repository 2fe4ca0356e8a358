// Opens N /events streams on loopback and keeps them open; prints how many got their hello.
//   node bench/soak/sse500.mjs http://127.0.0.1:7391 500 HOLD_SECONDS
const [base = 'http://127.0.0.1:7391', n = '500', hold = '20'] = process.argv.slice(2);
const controllers = [];
let hellos = 0;
await Promise.all(Array.from({ length: Number(n) }, async () => {
  const controller = new AbortController();
  controllers.push(controller);
  const r = await fetch(`${base}/events`, { headers: { Accept: 'text/event-stream' }, signal: controller.signal });
  const reader = r.body.getReader();
  const { value } = await reader.read();
  if (new TextDecoder().decode(value).includes('event: hello')) hellos += 1;
  (async () => { try { while (!(await reader.read()).done); } catch { /* aborted */ } })();
}));
console.log(`open=${n} hello=${hellos}`);
await new Promise((r) => { setTimeout(r, Number(hold) * 1000); });
controllers.forEach((c) => c.abort());
console.log('closed');

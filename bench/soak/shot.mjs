// Screenshot of a page: node --experimental-websocket shot.mjs URL OUT.png [WIDTH HEIGHT WAIT_MS]
import { writeFileSync } from 'node:fs';
import { launch, sleep } from './cdp.mjs';

const [url, out, width = '1920', height = '1080', waitMs = '8000'] = process.argv.slice(2);
const browser = await launch({ width: Number(width), height: Number(height) });
try {
  await browser.page.send('Page.enable');
  await browser.page.send('Runtime.enable');
  await browser.page.send('Emulation.setDeviceMetricsOverride', { width: Number(width), height: Number(height), deviceScaleFactor: 1, mobile: false });
  browser.page.on('Runtime.consoleAPICalled', (p) => console.log('[console]', p.type, p.args.map((a) => a.value ?? a.description).join(' ')));
  browser.page.on('Runtime.exceptionThrown', (p) => console.log('[exception]', JSON.stringify(p.exceptionDetails).slice(0, 500)));
  await browser.page.send('Page.navigate', { url });
  await sleep(Number(waitMs));
  console.log('ready:', await browser.page.eval('document.body.dataset.ready'),
    'scene:', await browser.page.eval('window.SCREEN && window.SCREEN.scene'));
  writeFileSync(out, await browser.page.screenshot());
} finally {
  await browser.close();
}

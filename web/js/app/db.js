// The field app's data on the device (IndexedDB "xiangtu-app"): the cadre's households and village outlines
// (so the page works after a reload without network), the queue of visits not yet stored by the server, the
// visits recorded here, and the photos of those visits and logs (the reduced JPEG until the server has it whole);
// since version 3 also the household updates recorded here with what became of each field, and the logs recorded here;
// since version 4 the relapse watch's open alerts on the cadre's households (their tasks, readable offline).

const NAME = 'xiangtu-app';
const STORES = ['households', 'villages', 'queue', 'visits', 'photos', 'updates', 'logs', 'alerts'];
let opening = null;

function open() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      const req = indexedDB.open(NAME, 4);
      req.onupgradeneeded = () => {
        for (const s of STORES) if (!req.result.objectStoreNames.contains(s)) req.result.createObjectStore(s, { keyPath: 'id' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return opening;
}

async function run(store, mode, work) {
  const db = await open();
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode);
    const result = work(tx.objectStore(store));
    tx.oncomplete = () => resolve(result?.result ?? result);
    tx.onerror = () => reject(tx.error);
  });
}

/** Every record of a store. */
export function all(store) {
  return run(store, 'readonly', (s) => s.getAll());
}

/** Writes (replaces) one record. */
export function put(store, value) {
  return run(store, 'readwrite', (s) => { s.put(value); });
}

/** Replaces the whole content of a store. */
export function replaceAll(store, values) {
  return run(store, 'readwrite', (s) => {
    s.clear();
    for (const v of values) s.put(v);
  });
}

/** One record, or undefined. */
export async function get(store, id) {
  let req;
  await run(store, 'readonly', (s) => { req = s.get(id); });
  return req.result;
}

/** Deletes one record. */
export function remove(store, id) {
  return run(store, 'readwrite', (s) => { s.delete(id); });
}

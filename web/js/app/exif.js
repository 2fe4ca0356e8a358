// Photos on the device, without a library: a small EXIF reader (DateTimeOriginal and the GPS position from a
// JPEG's APP1 segment), the reduction through a canvas before queueing (longest side and JPEG quality), the
// SHA-256 the server checks, and the distance that flags a photo taken far from the device's fix.

/** The reduction's defaults: longest side in pixels and JPEG quality. */
export const REDUCE = { maxSide: 1600, quality: 0.8 };

/** The distance in metres between two lon/lat points (haversine on a 6,371 km sphere). */
export function distanceMeters(a, b) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Reads a JPEG's EXIF: `{takenAt: 'YYYY-MM-DDTHH:MM:SS' | null, lon: number | null, lat: number | null}`
 * (all null when the file has no readable APP1 Exif segment).
 * @param {ArrayBuffer} buffer
 */
export function readExif(buffer) {
  const none = { takenAt: null, lon: null, lat: null };
  const v = new DataView(buffer);
  if (v.byteLength < 4 || v.getUint16(0) !== 0xffd8) return none;
  let p = 2;
  while (p + 4 <= v.byteLength && v.getUint8(p) === 0xff) {
    const marker = v.getUint8(p + 1);
    const length = v.getUint16(p + 2);
    if (marker === 0xda || marker === 0xd9) break; // image data starts: no APP1 before it
    if (marker === 0xe1 && p + 10 <= v.byteLength && v.getUint32(p + 4) === 0x45786966) { // "Exif"
      try {
        return tiff(v, p + 10, Math.min(v.byteLength, p + 2 + length));
      } catch {
        return none;
      }
    }
    p += 2 + length;
  }
  return none;
}

function tiff(v, start, end) {
  const little = v.getUint16(start) === 0x4949;
  const u16 = (o) => v.getUint16(start + o, little);
  const u32 = (o) => v.getUint32(start + o, little);
  const check = (o, n) => { if (start + o + n > end) throw new RangeError('EXIF outside its segment'); };
  const entries = (ifd) => {
    check(ifd, 2);
    const map = new Map();
    for (let i = 0, n = u16(ifd); i < n; i += 1) {
      const e = ifd + 2 + i * 12;
      check(e, 12);
      map.set(u16(e), { type: u16(e + 2), count: u32(e + 4), at: e + 8 });
    }
    return map;
  };
  const ascii = (e) => {
    const o = e.count > 4 ? u32(e.at) : e.at;
    check(o, e.count);
    let s = '';
    for (let i = 0; i < e.count && v.getUint8(start + o + i); i += 1) s += String.fromCharCode(v.getUint8(start + o + i));
    return s;
  };
  const rationals = (e) => {
    const o = u32(e.at);
    check(o, e.count * 8);
    return Array.from({ length: e.count }, (_, i) => u32(o + i * 8) / (u32(o + i * 8 + 4) || 1));
  };
  const ifd0 = entries(u32(4));
  let takenAt = null;
  if (ifd0.has(0x8769)) {
    const exif = entries(u32(ifd0.get(0x8769).at));
    const dto = exif.get(0x9003) ?? exif.get(0x9004);
    const m = dto && /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(ascii(dto));
    if (m) takenAt = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
  }
  let lon = null;
  let lat = null;
  if (ifd0.has(0x8825)) {
    const gps = entries(u32(ifd0.get(0x8825).at));
    const degrees = (tag, refTag, negative) => {
      if (!gps.has(tag)) return null;
      const [d, m, s] = rationals(gps.get(tag));
      const ref = gps.has(refTag) ? ascii(gps.get(refTag)) : '';
      const value = d + (m ?? 0) / 60 + (s ?? 0) / 3600;
      return Number.isFinite(value) ? (ref === negative ? -value : value) : null;
    };
    lat = degrees(0x0002, 0x0001, 'S');
    lon = degrees(0x0004, 0x0003, 'W');
    if (lat === null || lon === null) lat = lon = null;
  }
  return { takenAt, lon, lat };
}

/**
 * The photo reduced to at most `maxSide` pixels on its longest side, as a JPEG of `quality` (EXIF is
 * dropped by the canvas: read it first).
 * @param {Blob} file
 * @returns {Promise<Blob>}
 */
export async function reducePhoto(file, { maxSide = REDUCE.maxSide, quality = REDUCE.quality } = {}) {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('JPEG encoding failed'))),
    'image/jpeg', quality));
}

/** The SHA-256 of a blob's bytes as 64 lower-case hex digits. */
export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A chosen photo ready for the queue: the reduced JPEG, its size and SHA-256, and the EXIF time and position
 * read from the original.
 */
export async function preparePhoto(file, options) {
  const exif = readExif(await file.arrayBuffer());
  const blob = await reducePhoto(file, options);
  return { blob, bytes: blob.size, sha256: await sha256Hex(blob), taken_at: exif.takenAt, lon: exif.lon, lat: exif.lat };
}

/** Whether a lon/lat point lies inside a GeoJSON Polygon or MultiPolygon (ray casting; holes count as outside). */
export function insideGeometry(geometry, point) {
  const ring = (r) => {
    let inside = false;
    for (let i = 0, j = r.length - 1; i < r.length; j = i, i += 1) {
      const [xi, yi] = r[i];
      const [xj, yj] = r[j];
      if ((yi > point.lat) !== (yj > point.lat) && point.lon < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi) inside = !inside;
    }
    return inside;
  };
  const polygon = (rings) => ring(rings[0]) && !rings.slice(1).some(ring);
  if (geometry?.type === 'Polygon') return polygon(geometry.coordinates);
  if (geometry?.type === 'MultiPolygon') return geometry.coordinates.some(polygon);
  return true; // no outline: nothing to flag
}

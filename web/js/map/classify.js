// Pure class breaks for choropleth maps (quantile and equal interval). No DOM, no Leaflet.

function finiteSorted(values) {
  return values
    .filter((v) => v !== null && v !== undefined && Number.isFinite(Number(v)))
    .map(Number)
    .sort((a, b) => a - b);
}

function unique(sortedValues) {
  return sortedValues.filter((v, i) => i === 0 || v !== sortedValues[i - 1]);
}

/**
 * Quantile breaks [min, b1, …, max]: class i holds the values v with breaks[i] ≤ v < breaks[i+1]
 * (the last class also holds max). Breaks are data values, duplicates removed, so there may be fewer
 * than `count` classes (e.g. many equal values); a single distinct value gives [v, v] (one class).
 * When max is itself a quantile, the last class is [max, max].
 * @param {Array<number|null>} values
 * @param {number} [count]
 * @returns {number[]} [] when there is no value
 */
export function quantileBreaks(values, count = 5) {
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return [];
  const n = sorted.length;
  const inner = [];
  for (let i = 1; i < count; i += 1) inner.push(sorted[Math.floor((i * n) / count)]);
  const breaks = unique([sorted[0], ...inner.filter((b) => b > sorted[0] && b <= sorted[n - 1])]);
  // The last class is closed: [b, max]. If max is itself a break, that class holds only the max values.
  breaks.push(sorted[n - 1]);
  return breaks;
}

/**
 * Equal-interval breaks [min, min + w, …, max] with w = (max - min) / count; one class when min = max.
 * @param {Array<number|null>} values
 * @param {number} [count]
 * @returns {number[]}
 */
export function equalIntervalBreaks(values, count = 5) {
  const sorted = finiteSorted(values);
  if (sorted.length === 0) return [];
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  if (min === max) return [min, max];
  const width = (max - min) / count;
  const breaks = [min];
  for (let i = 1; i < count; i += 1) breaks.push(min + i * width);
  breaks.push(max);
  return breaks;
}

/**
 * The class index of a value (0 … breaks.length - 2), or -1 for a missing value or an empty classification.
 * Values below the first break go to class 0, above the last to the last class.
 */
export function classIndex(value, breaks) {
  if (value === null || value === undefined || !Number.isFinite(Number(value)) || breaks.length < 2) return -1;
  const v = Number(value);
  const last = breaks.length - 2;
  for (let i = 0; i < last; i += 1) {
    if (v < breaks[i + 1]) return i;
  }
  return last;
}

/**
 * Classifies items: each class gets the min, max and count of the values that fell in it.
 * @template T
 * @param {T[]} items
 * @param {(item: T) => number|null} valueOf
 * @param {{method?: 'quantile'|'equal', count?: number}} [options]
 * @returns {{breaks: number[], classes: {index: number, lower: number, upper: number, min: number|null,
 *   max: number|null, count: number}[], noData: number, indexOf: (item: T) => number}}
 */
export function classify(items, valueOf, { method = 'quantile', count = 5 } = {}) {
  const values = items.map(valueOf);
  const breaks = method === 'equal' ? equalIntervalBreaks(values, count) : quantileBreaks(values, count);
  const classes = [];
  for (let i = 0; i + 1 < breaks.length; i += 1) {
    classes.push({ index: i, lower: breaks[i], upper: breaks[i + 1], min: null, max: null, count: 0 });
  }
  const indexes = new Map();
  let noData = 0;
  items.forEach((item, position) => {
    const index = classIndex(values[position], breaks);
    indexes.set(item, index);
    if (index < 0) {
      noData += 1;
      return;
    }
    const cls = classes[index];
    const v = Number(values[position]);
    cls.count += 1;
    cls.min = cls.min === null ? v : Math.min(cls.min, v);
    cls.max = cls.max === null ? v : Math.max(cls.max, v);
  });
  return { breaks, classes, noData, indexOf: (item) => indexes.get(item) ?? -1 };
}

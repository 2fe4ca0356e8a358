// Pure: what filter a catalogue field offers, and how a filter splits into the server's equality query
// (?field=value) and a client-side test (ranges, "contains"). No DOM.

/**
 * The filter control for a field: "enum" (select, on the server), "boolean" (select, on the server),
 * "number" (min/max, in the page), "date" (from/to, in the page) or "text" (contains, in the page).
 */
export function filterKind(field) {
  if (Array.isArray(field.enum) && field.enum.length > 0) return 'enum';
  switch (field.type) {
    case 'boolean': return 'boolean';
    case 'integer':
    case 'number': return 'number';
    case 'date':
    case 'datetime': return 'date';
    default: return 'text';
  }
}

/**
 * Splits a filter {field, kind, value | min/max | from/to | text} into the server query and a predicate
 * over feature properties. An empty filter gives no query and a predicate that keeps everything.
 * @returns {{equal: Record<string, string>, keep: (properties: object) => boolean}}
 */
export function splitFilter(filter) {
  const all = { equal: {}, keep: () => true };
  if (!filter || !filter.field) return all;
  const name = filter.field;
  switch (filter.kind) {
    case 'enum':
    case 'boolean':
      return filter.value === '' || filter.value == null ? all : { equal: { [name]: String(filter.value) }, keep: () => true };
    case 'number': {
      const min = filter.min === '' || filter.min == null ? null : Number(filter.min);
      const max = filter.max === '' || filter.max == null ? null : Number(filter.max);
      return {
        equal: {},
        keep: (p) => {
          const v = p[name];
          if (min === null && max === null) return true;
          if (typeof v !== 'number') return false;
          return (min === null || v >= min) && (max === null || v <= max);
        },
      };
    }
    case 'date': {
      const from = filter.from || null;
      const to = filter.to || null;
      return {
        equal: {},
        keep: (p) => {
          if (!from && !to) return true;
          const v = typeof p[name] === 'string' ? p[name].slice(0, 10) : null;
          if (!v) return false;
          return (!from || v >= from) && (!to || v <= to);
        },
      };
    }
    default: {
      const needle = (filter.text || '').trim().toLowerCase();
      return {
        equal: {},
        keep: (p) => !needle || (p[name] != null && String(p[name]).toLowerCase().includes(needle)),
      };
    }
  }
}

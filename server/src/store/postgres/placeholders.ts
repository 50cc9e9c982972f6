// better-sqlite3's placeholders (`?` in order, `@name` from an object) rewritten into Postgres's
// numbered ones ($1, $2, ...). Quoted strings, quoted identifiers and comments are copied as they
// are: `'erased-' || id || '@invalid'` has no parameter in it.

/** Where each $n takes its value from: the index of a positional argument, or a named one. */
export type Slot = { index: number } | { name: string };

export interface Translated {
  text: string;
  slots: Slot[];
}

export function translatePlaceholders(sql: string): Translated {
  const slots: Slot[] = [];
  const named = new Map<string, number>();
  let text = '';
  let positional = 0;
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      text += sql.slice(i, end);
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      text += sql.slice(i, stop);
      i = stop;
    } else if (c === '?') {
      slots.push({ index: positional++ });
      text += `$${slots.length}`;
      i++;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))![0];
      let n = named.get(name);
      if (n === undefined) {
        slots.push({ name });
        n = slots.length;
        named.set(name, n);
      }
      text += `$${n}`;
      i += 1 + name.length;
    } else {
      text += c;
      i++;
    }
  }
  return { text, slots };
}

/** The index just past the quote that closes the one at `start` (a doubled quote is an escaped one). */
function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

const isNamedBag = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v);

/**
 * The values for the slots, from the arguments as better-sqlite3 takes them: positional values,
 * and an object for the named ones. A missing parameter throws, as better-sqlite3 does.
 */
export function bindValues(slots: readonly Slot[], params: readonly unknown[]): unknown[] {
  const bag = params.find(isNamedBag);
  const positional = params.filter((p) => !isNamedBag(p));
  return slots.map((slot) => {
    if ('index' in slot) {
      if (slot.index >= positional.length) throw new RangeError('Too few parameter values were provided');
      return normalise(positional[slot.index]);
    }
    if (!bag || !(slot.name in bag)) throw new RangeError(`Missing named parameter "${slot.name}"`);
    return normalise(bag[slot.name]);
  });
}

const normalise = (v: unknown): unknown => (v === undefined ? null : v);

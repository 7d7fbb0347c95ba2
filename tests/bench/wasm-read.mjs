// Reading a wasm module's binary format, as far as the benches need: its sections, a
// cursor over their bytes (unsigned LEB128 numbers, names, spans), and its functions.

/** A cursor over `bytes` from `at`. */
export function cursor(bytes, at = 0) {
  const c = {
    at,
    byte: () => bytes[c.at++],
    leb() {
      let value = 0;
      let shift = 0;
      for (;;) {
        const byte = bytes[c.at++];
        value += (byte & 0x7f) * 2 ** shift;
        shift += 7;
        if (byte < 0x80) return value;
      }
    },
    take(length) {
      const span = bytes.subarray(c.at, c.at + length);
      c.at += length;
      return span;
    },
    /** A length-prefixed UTF-8 name. */
    name: () => c.take(c.leb()).toString(),
    done: () => c.at >= bytes.length,
  };
  return c;
}

/** The module's sections in order: each one's id and bytes. */
export function sections(bytes) {
  const c = cursor(bytes, 8);
  const found = [];
  while (!c.done()) {
    const id = c.byte();
    found.push({ id, body: c.take(c.leb()) });
  }
  return found;
}

/**
 * The module's defined functions, each one's body, in index order (its index is `imported`
 * plus its place: imported functions come first in the index space), and its sections.
 */
export function functionBodies(bytes) {
  let imported = 0;
  const bodies = [];
  const found = sections(bytes);
  for (const { id, body } of found) {
    const c = cursor(body);
    if (id === 2) {
      for (let n = c.leb(); n > 0; n--) {
        c.name();
        c.name();
        const kind = c.byte();
        if (kind === 0) (c.leb(), imported++); // a function: its type
        else if (kind === 1) (c.byte(), limits(c)); // a table: its element type, limits
        else if (kind === 2) limits(c); // a memory
        else if (kind === 3) c.take(2); // a global: its type, mutability
        else if (kind === 4) (c.byte(), c.leb()); // a tag: its attribute, type
      }
    } else if (id === 10) {
      for (let n = c.leb(); n > 0; n--) bodies.push(c.take(c.leb()));
    }
  }
  return { imported, bodies, sections: found };
}

/** Skip a table's or memory's limits: flags, minimum, and a maximum where flag 1 says so. */
function limits(c) {
  const flags = c.leb();
  c.leb();
  if (flags & 1) c.leb();
}

/** The names the module exports. */
export function exportNames(bytes) {
  const names = [];
  for (const { id, body } of sections(bytes)) {
    if (id !== 7) continue;
    const c = cursor(body);
    for (let n = c.leb(); n > 0; n--) {
      names.push(c.name());
      c.byte(); // its kind
      c.leb(); // its index
    }
  }
  return names;
}

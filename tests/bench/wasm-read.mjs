// Reading a wasm module's binary format, as far as the benches need: its sections, and a
// cursor over their bytes (unsigned LEB128 numbers, names, spans).

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

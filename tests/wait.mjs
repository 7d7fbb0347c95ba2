// Waiting for a state, never for a time: poll `check` until it is truthy, or fail naming
// what did not happen.

/** Poll `check` (sync or async) until it is truthy (at most `ms`): its value. */
export async function waitFor(check, what, ms = 10_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 20));
  }
}

// When a page made a performance mark, read without running anything on the page while it
// loads. Playwright's `waitForFunction` first evaluates its injected script (about 300 KB of
// JavaScript) in the page, then polls: measured side by side (docs/performance.md, "How the
// bench waits for a mark"), that held the static page's load event back by about 30 ms and
// the app's mark by about 15, so the ratio of the two read better than the pages are. Here
// one DevTools call, sent once the navigation has committed, waits on a
// `PerformanceObserver` (buffered, so a mark made before it is seen too).

/** A DevTools session for `page`, opened before it navigates (attaching costs the page nothing later). */
export function markSession(page) {
  return page.context().newCDPSession(page);
}

/**
 * The mark `name`'s time (ms from navigation start) once the page has made it; rejects after
 * `timeoutMs`. Call after `page.goto(…, { waitUntil: 'commit' })`.
 */
export async function markTime(session, name, timeoutMs = 30_000) {
  const quoted = JSON.stringify(name);
  const expression = `new Promise((ok) => {
    const first = () => performance.getEntriesByName(${quoted}, 'mark')[0];
    if (first()) return ok(first().startTime);
    new PerformanceObserver((list, observer) => {
      const [entry] = list.getEntriesByName(${quoted}, 'mark');
      if (entry) { observer.disconnect(); ok(entry.startTime); }
    }).observe({ type: 'mark', buffered: true });
  })`;
  let timer;
  const timeout = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`no mark ${name} within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const answer = await Promise.race([session.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true }), timeout]);
    if (answer.exceptionDetails) throw new Error(`waiting for ${name}: ${answer.exceptionDetails.text}`);
    return answer.result.value;
  } finally {
    clearTimeout(timer);
  }
}

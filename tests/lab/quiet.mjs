// oidc-provider's start-up notices (Node 20 is not its preferred runtime; the in-memory adapter
// and default TTLs are what a lab wants) say nothing about a test: keep them out of the output.
// Imported before oidc-provider, which prints some of them while it loads.
for (const level of ['info', 'warn']) {
  const original = console[level].bind(console);
  console[level] = (first, ...rest) => {
    if (typeof first === 'string' && /^(\x1b\[[\d;]*m)?oidc-provider (NOTICE|WARNING):/.test(first)) return;
    original(first, ...rest);
  };
}

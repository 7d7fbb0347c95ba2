// Debian's Chromium as every browser suite here launches it: headless, as root without a
// sandbox, and without the background traffic this machine's closed network refuses
// (without those flags Chromium opens many refused connections at every start).
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// The one place that starts a browser: Debian's Chromium as every browser suite and the
// benchmark launch it, headless, as root without a sandbox, and without the background
// traffic this machine's closed network refuses (without those flags Chromium opens many
// refused connections at every start). Each launch gets a fresh, empty profile.

import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launch Chromium; `args` are added to CHROMIUM_ARGS, other options go to playwright-core. */
export function launch({ args = [], ...options } = {}) {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, ...options, args: [...CHROMIUM_ARGS, ...args] });
}

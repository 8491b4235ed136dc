// Where Debian's Chromium is and how to start it on these machines: one place for the
// tests, the e2e harness and the benchmarks. Without the background-networking flags
// Chromium keeps trying hosts that a closed network refuses.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

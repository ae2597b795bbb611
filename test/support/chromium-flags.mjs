// The flags Debian's Chromium needs on this kind of machine, headless, for every tool that starts
// it (web-test-runner's launcher, the end-to-end tests, the benchmarks): no sandbox as root, no
// GPU, no /dev/shm, no QUIC, and no background traffic (no tool downloads or updates anything).
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

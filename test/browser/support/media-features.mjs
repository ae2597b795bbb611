/**
 * `executeServerCommand('emulate-media-features', [{ name, value }])`: any CSS media feature,
 * through the page's DevTools protocol. The built-in `emulateMedia` drops `forcedColors` under
 * the Chrome launcher (it passes it only to Playwright) and puppeteer's own
 * `emulateMediaFeatures` refuses `forced-colors`, so forced colours come this way: one DevTools
 * session per page, kept open (its overrides end with it). An empty list resets every feature.
 */
export function mediaFeaturesPlugin() {
  const sessions = new WeakMap();
  return {
    name: 'emulate-media-features',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-media-features') return undefined;
      if (!Array.isArray(payload) || !payload.every((f) => typeof f?.name === 'string' && typeof f?.value === 'string')) {
        throw new TypeError('emulate-media-features takes a list of { name, value } strings');
      }
      const page = session.browser.getPage(session.id);
      if (!sessions.has(page)) sessions.set(page, await page.createCDPSession());
      await sessions.get(page).send('Emulation.setEmulatedMedia', { features: payload });
      return true;
    },
  };
}

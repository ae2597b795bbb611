/**
 * Where the widget's workers come from when a host says so: `setAssetBase(url)` (exported by
 * `session-chat`). Kept apart from `asset-url.ts` so the setter costs a host's page a few bytes,
 * not the resolver.
 */
let hostBase: string | undefined;

/**
 * Tells the widget where the package's `dist/browser` folder is served (a URL ending in `/`,
 * e.g. `https://cdn.example/session-chat/0.1.0/` or `/static/session-chat/`): its previewers
 * then start their workers from there (`chunks/pdf-worker.js`, `chunks/docx-worker.js`, `chunks/sheet-worker.js`).
 * Without it they use the copy the bundler emitted next to the code, and else the relay's
 * `/assets/session-chat/<version>/`. `null` forgets the base.
 */
export function setAssetBase(url: string | URL | null): void {
  hostBase = url === null ? undefined : new URL(String(url), globalThis.document?.baseURI).href;
}

/** The base a host set, if any. */
export function assetBase(): string | undefined {
  return hostBase;
}

/**
 * Finds a file of the package's `dist/browser` folder that a bundler may not have emitted (the
 * previewers' workers) and starts workers from it, wherever it is served. In this order:
 * 1. the base a host set with `setAssetBase(url)`;
 * 2. the copy next to the code (`new URL('./pdf-worker.js', import.meta.url)`, which rollup,
 *    webpack and Vite builds emit), when it is really served as JavaScript: one `HEAD` request
 *    per URL, remembered (a dev server's HTML fallback or a 404 fails it);
 * 3. the relay the element talks to, which serves its own version's files at
 *    `/assets/session-chat/<version>/<path>`.
 */
import { assetBase } from './asset-base.js';
import { PACKAGE_VERSION } from './package-version.js';

/** The relay route that serves `dist/browser` (server/assets-route.ts answers it). */
export const RELAY_ASSET_PREFIX = '/assets/session-chat/';

const probes = new Map<string, Promise<boolean>>();

/** Whether `url` answers as JavaScript; asked once per URL. */
function servedAsJavaScript(url: string): Promise<boolean> {
  let probe = probes.get(url);
  if (!probe) {
    probe = url.startsWith('blob:') || url.startsWith('data:text/javascript') || url.startsWith('data:application/javascript')
      ? Promise.resolve(true)
      : fetch(url, { method: 'HEAD', cache: 'no-cache' }).then(
          (response) => response.ok && /(java|ecma)script/i.test(response.headers.get('content-type') ?? ''),
          () => false,
        );
    probes.set(url, probe);
  }
  return probe;
}

/** The relay's base URL (`http(s)://host[/prefix]`) from one of its file URLs. */
export function relayBaseOf(fileUrl: string | undefined): string | undefined {
  if (!fileUrl) return undefined;
  const url = URL.parse(fileUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  const at = url.pathname.indexOf('/api/sessions/');
  return `${url.origin}${at >= 0 ? url.pathname.slice(0, at) : ''}`;
}

/**
 * The URL to load `path` (relative to `dist/browser`, e.g. `chunks/pdf-worker.js`) from.
 * `bundled` is the copy next to the code; `relay` the relay's base URL, when known.
 */
export async function resolveAsset(path: string, bundled: URL, relay: string | undefined): Promise<string> {
  const base = assetBase();
  if (base) return new URL(path, base).href;
  if (!relay || (await servedAsJavaScript(bundled.href))) return bundled.href;
  return `${relay.replace(/\/+$/, '')}${RELAY_ASSET_PREFIX}${PACKAGE_VERSION}/${path}`;
}

/**
 * Starts a module worker from `url`. A cross-origin script cannot be a worker itself: it is
 * started through a same-origin `blob:` module that imports it (what pdf.js does for its own
 * worker), so the host's CSP needs `worker-src blob:` for that case.
 */
export function startModuleWorker(url: string, name: string): Worker {
  const target = new URL(url, globalThis.location?.href);
  if (target.origin === globalThis.location?.origin || target.protocol === 'blob:') return new Worker(target, { type: 'module', name });
  const wrapper = URL.createObjectURL(new Blob([`import ${JSON.stringify(target.href)};`], { type: 'text/javascript' }));
  try {
    return new Worker(wrapper, { type: 'module', name });
  } finally {
    // The worker has its script's URL once constructed; the wrapper is fetched from memory.
    setTimeout(() => URL.revokeObjectURL(wrapper), 10_000);
  }
}

// Where the previewers' workers come from (src/preview/asset-url.ts): the host's asset base,
// else the copy next to the code when it is served as JavaScript, else the relay's versioned
// folder; and a worker on another origin starts through a blob: wrapper. The relay here is the
// real one the test runner started from dist/server, serving dist/browser.
import { expect } from '@open-wc/testing';
import { setAssetBase } from '../../src/preview/asset-base.js';
import { RELAY_ASSET_PREFIX, resolveAsset, startModuleWorker } from '../../src/preview/asset-url.js';
import { PACKAGE_VERSION } from '../../src/preview/package-version.js';
import { relayUrl } from './support/relay.js';

const served = new URL('../../src/preview/pdf-worker.js', import.meta.url);
const missing = new URL('./no-such-worker.js', import.meta.url);

describe('finding a worker script', () => {
  afterEach(() => setAssetBase(null));

  it('takes the host asset base first, without asking the copy next to the code', async () => {
    setAssetBase('https://cdn.example/session-chat/');
    expect(await resolveAsset('chunks/pdf-worker.js', missing, await relayUrl())).to.equal('https://cdn.example/session-chat/chunks/pdf-worker.js');
    setAssetBase('/static/sc/');
    expect(await resolveAsset('chunks/pdf-worker.js', missing, undefined)).to.equal(new URL('/static/sc/chunks/pdf-worker.js', location.href).href);
  });

  it('takes the copy next to the code when it is served as JavaScript', async () => {
    expect(await resolveAsset('chunks/pdf-worker.js', served, await relayUrl())).to.equal(served.href);
  });

  it("falls back to the relay's versioned folder when the copy is missing or not JavaScript", async () => {
    const relay = await relayUrl();
    const expected = `${relay}${RELAY_ASSET_PREFIX}${PACKAGE_VERSION}/chunks/docx-worker.js`;
    expect(await resolveAsset('chunks/docx-worker.js', missing, relay)).to.equal(expected);
    expect(await resolveAsset('chunks/docx-worker.js', new URL('data:text/html,<p>index</p>'), relay)).to.equal(expected);
  });

  it("starts a worker from the relay's origin through a blob: wrapper, and it runs", async () => {
    const relay = await relayUrl();
    expect(new URL(relay).origin).to.not.equal(location.origin);
    const url = await resolveAsset('chunks/docx-worker.js', missing, relay);
    const worker = startModuleWorker(url, 'docx-test');
    try {
      // Not a docx: the converter answers with its error instead of failing to start.
      const answer = await new Promise<{ ok: boolean }>((resolve, reject) => {
        worker.onmessage = (event: MessageEvent<{ ok: boolean }>) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(`the worker failed: ${event.message}`));
        const bytes = new TextEncoder().encode('not a zip').buffer;
        worker.postMessage({ bytes }, [bytes]);
      });
      expect(answer.ok).to.equal(false);
    } finally {
      worker.terminate();
    }
  });
});

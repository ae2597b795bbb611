import { fixture, html, waitUntil } from '@open-wc/testing';
import '../../../src/components/previews/session-chat-preview-dialog/session-chat-preview-dialog.js';
import type { SessionChatPreviewDialog, PreviewFile } from '../../../src/components/previews/session-chat-preview-dialog/session-chat-preview-dialog.component.js';

// The page loads hundreds of modules unbundled: the default 250 resource timing entries would fill
// before the lazy parts these tests look for.
performance.setResourceTimingBufferSize(100_000);

export type { SessionChatPreviewDialog, PreviewFile };

const TYPES: Record<string, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain',
  log: 'text/plain',
  png: 'image/png',
  svg: 'image/svg+xml',
  rtf: 'application/rtf',
  doc: 'application/msword',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

/** A shared fixture (test/fixtures/<path>) as the dialog receives a file. */
export function fixtureFile(path: string, extra: Partial<PreviewFile> = {}): PreviewFile {
  const name = path.split('/').pop()!;
  return { id: path, name, size: 0, type: TYPES[name.split('.').pop()!] ?? '', sharedBy: 'Alice', url: `/__fixtures/${path}`, ...extra };
}

/** A file made in the test (bytes in a Blob, or served from `url`). */
export function blobFile(name: string, data: BlobPart | BlobPart[], type = TYPES[name.split('.').pop()!] ?? ''): PreviewFile {
  const blob = new Blob(Array.isArray(data) ? data : [data], { type });
  return { id: name, name, size: blob.size, type, sharedBy: 'Bob', url: `/__preview/none/${name}`, blob };
}

export async function mountDialog(files: PreviewFile[]): Promise<SessionChatPreviewDialog> {
  const el = await fixture<SessionChatPreviewDialog>(html`<session-chat-preview-dialog .files=${files}></session-chat-preview-dialog>`);
  return el;
}

/** Opens `files[index]` and waits until the preview is ready (or failed, or has no previewer). */
export async function openAndWait(el: SessionChatPreviewDialog, index = 0, timeout = 15000): Promise<void> {
  await el.open(index);
  await waitForSettled(el, timeout);
}

export async function waitForSettled(el: SessionChatPreviewDialog, timeout = 15000): Promise<void> {
  await waitUntil(() => el.state === 'ready' || el.state === 'error' || el.state === 'none', `the preview stayed "${el.state}"`, { timeout });
  await el.updateComplete;
}

export function dialogPart(el: SessionChatPreviewDialog, part: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${part}"]`);
}

/** The previewer's own shadow root (inside the dialog's body). */
export function previewRoot(el: SessionChatPreviewDialog): ShadowRoot {
  const host = el.shadowRoot!.querySelector<HTMLElement>('.container > [part="preview"]');
  if (!host?.shadowRoot) throw new Error('no previewer is mounted');
  return host.shadowRoot;
}

export function alertText(el: SessionChatPreviewDialog): string {
  return el.shadowRoot!.querySelector('[role="alert"]')?.textContent?.trim() ?? '';
}

/** Every URL the dev server served since the last `clearRequestLog()` (page, workers and frames). */
export async function requestLog(): Promise<string[]> {
  const response = await fetch('/__preview/requests');
  const { requests } = (await response.json()) as { requests: string[] };
  return requests.filter((url) => !url.startsWith('/__preview/requests'));
}

export async function clearRequestLog(): Promise<void> {
  await fetch('/__preview/requests?clear=1');
}

/** Resource URLs this page loaded (modules included), from the Resource Timing buffer. */
export function loadedResources(): string[] {
  return performance.getEntriesByType('resource').map((entry) => entry.name);
}

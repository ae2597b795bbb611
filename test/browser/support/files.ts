/**
 * Helpers for the file-sharing tests: real fixture files, the ways a user gives files to the
 * widget (picker, drop, paste), the parts that show them, and a gate on upload requests.
 */
import { waitUntil } from '@open-wc/testing';
import type { SessionChat } from '../../../src/components/session-chat/session-chat.component.js';
import type { SessionChatFileCard } from '../../../src/components/files/session-chat-file-card/session-chat-file-card.component.js';
import type { SessionChatUploads } from '../../../src/components/files/session-chat-uploads/session-chat-uploads.component.js';
import type { SessionChatFiles } from '../../../src/components/files/session-chat-files/session-chat-files.component.js';
import type { SessionChatPreviewDialog } from '../../../src/components/previews/session-chat-preview-dialog/session-chat-preview-dialog.component.js';
import { logRoot } from './dom.js';

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv',
};

/** A shared fixture (test/fixtures/<path>) as a File, with its bytes. */
export async function fixtureFile(path: string): Promise<File> {
  const response = await fetch(`/__fixtures/${path}`);
  if (!response.ok) throw new Error(`no fixture ${path}`);
  const name = path.split('/').pop()!;
  return new File([await response.arrayBuffer()], name, { type: TYPES[name.split('.').pop()!] ?? '' });
}

export async function bytesOf(blob: Blob | Response): Promise<Uint8Array> {
  return new Uint8Array(await blob.arrayBuffer());
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function dataTransferOf(files: File[]): DataTransfer {
  const transfer = new DataTransfer();
  for (const file of files) transfer.items.add(file);
  return transfer;
}

export function composerOf(el: SessionChat): HTMLElement & { shadowRoot: ShadowRoot } {
  return el.shadowRoot!.querySelector('session-chat-composer')! as HTMLElement & { shadowRoot: ShadowRoot };
}

/** The composer's "Attach files" input. */
export function attachInput(el: SessionChat): HTMLInputElement {
  return composerOf(el).shadowRoot.querySelector('input[type="file"]')!;
}

/** Picks files in the "Attach files" picker, as the browser does once the user chose them. */
export function pick(el: SessionChat, files: File[]): void {
  const input = attachInput(el);
  input.files = dataTransferOf(files).files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** Drags files over the message log and drops them there. */
export function drop(el: SessionChat, files: File[], options: { over?: Element; drop?: boolean } = {}): void {
  const target = options.over ?? logRoot(el).querySelector('[part="log"]')!;
  const dataTransfer = dataTransferOf(files);
  const init = { bubbles: true, composed: true, cancelable: true, dataTransfer };
  target.dispatchEvent(new DragEvent('dragenter', init));
  target.dispatchEvent(new DragEvent('dragover', init));
  if (options.drop !== false) target.dispatchEvent(new DragEvent('drop', init));
}

/** Pastes files (e.g. a screenshot) into the composer's textarea. */
export function paste(el: SessionChat, files: File[]): ClipboardEvent {
  const textarea = composerOf(el).shadowRoot.querySelector('textarea')!;
  const event = new ClipboardEvent('paste', { bubbles: true, composed: true, cancelable: true, clipboardData: dataTransferOf(files) });
  textarea.dispatchEvent(event);
  return event;
}

/** Every file card in the log, oldest first. */
export function fileCards(el: SessionChat): SessionChatFileCard[] {
  return [...logRoot(el).querySelectorAll('session-chat-message')].flatMap((m) => [
    ...m.shadowRoot!.querySelectorAll<SessionChatFileCard>('session-chat-file-card'),
  ]);
}

/** Waits for the (newest) card of the file `name`, rendered. */
export async function waitForCard(el: SessionChat, name: string, timeout = 15000): Promise<SessionChatFileCard> {
  const find = () => fileCards(el).reverse().find((card) => card.message?.file?.name === name && card.shadowRoot?.querySelector('[part~="card"]'));
  await waitUntil(find, `no file card "${name}"`, { timeout });
  const card = find()!;
  await card.updateComplete;
  return card;
}

/** A control of a card by its accessible name (`aria-label`). */
export function cardControl<E extends HTMLElement = HTMLElement>(card: SessionChatFileCard, name: string): E | null {
  return [...card.shadowRoot!.querySelectorAll<E>('[aria-label]')].find((c) => c.getAttribute('aria-label') === name) ?? null;
}

export function cardText(card: SessionChatFileCard): string {
  return card.shadowRoot!.querySelector('[part~="card"]')!.textContent!.replace(/\s+/g, ' ').trim();
}

/** The uploads list, once it shows an upload. */
export function uploadsOf(el: SessionChat): SessionChatUploads | null {
  const uploads = el.shadowRoot!.querySelector('session-chat-uploads');
  return uploads?.shadowRoot?.querySelector('li') ? uploads : null;
}

/** The layer over the log: drop zone, live region, preview dialog. */
export function layerOf(el: SessionChat): SessionChatFiles | null {
  return el.shadowRoot!.querySelector('session-chat-files');
}

export function dropZone(el: SessionChat): HTMLElement | null {
  return layerOf(el)?.shadowRoot?.querySelector<HTMLElement>('[part="drop-zone"]') ?? null;
}

export function previewDialog(el: SessionChat): SessionChatPreviewDialog | null {
  return layerOf(el)?.shadowRoot?.querySelector('session-chat-preview-dialog') ?? null;
}

/** The text of the widget's file announcements (its polite live region). */
export function announcement(el: SessionChat): string {
  return layerOf(el)?.shadowRoot?.querySelector('[role="status"]')?.textContent?.trim() ?? '';
}

/**
 * Everything the file announcements' live region says from now on, in order (a later
 * announcement can replace one before a test polls it). `stop()` ends the recording.
 */
export function recordAnnouncements(el: SessionChat): { readonly said: string[]; stop(): void } {
  const said: string[] = [];
  const note = (): void => {
    const text = announcement(el);
    if (text && said[said.length - 1] !== text) said.push(text);
  };
  let observer: MutationObserver | undefined;
  const timer = setInterval(() => {
    const root = layerOf(el)?.shadowRoot;
    if (root && !observer) {
      observer = new MutationObserver(note);
      observer.observe(root, { subtree: true, childList: true, characterData: true });
    }
    note();
  }, 5);
  return {
    said,
    stop() {
      clearInterval(timer);
      observer?.disconnect();
    },
  };
}

export interface UploadGate {
  /** Upload URLs the relay made (tus POST answers), in order. */
  readonly urls: string[];
  /** Upload requests (POST creates, PATCH sends bytes) made so far. */
  readonly requests: { method: string; url: string }[];
  /** Lets the held PATCH requests go, and every later one. */
  release(): void;
  /** Puts XMLHttpRequest back. */
  restore(): void;
}

/**
 * Holds upload bytes in the page: after `passing` PATCH requests went through, later ones wait
 * until `release()`. tus-js-client sends with XMLHttpRequest in browsers.
 */
export function holdUploads(passing = 0): UploadGate {
  const proto = XMLHttpRequest.prototype;
  const { open, send } = proto;
  const requests: { method: string; url: string }[] = [];
  const urls: string[] = [];
  const held: (() => void)[] = [];
  let released = false;
  let patches = 0;
  const info = new WeakMap<XMLHttpRequest, { method: string; url: string }>();
  proto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
    const request = { method: method.toUpperCase(), url: String(url) };
    info.set(this, request);
    if (request.url.includes('/uploads')) requests.push(request);
    return (open as (...args: unknown[]) => void).call(this, method, url, ...rest);
  } as typeof proto.open;
  proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
    const request = info.get(this);
    if (request?.method === 'POST' && request.url.includes('/uploads')) {
      this.addEventListener('load', () => {
        const location = this.getResponseHeader('Location');
        if (location) urls.push(new URL(location, request.url).href);
      });
    }
    if (request?.method === 'PATCH' && !released && ++patches > passing) {
      held.push(() => send.call(this, body));
      return;
    }
    return send.call(this, body);
  };
  return {
    urls,
    requests,
    release() {
      released = true;
      for (const go of held.splice(0)) go();
    },
    restore() {
      proto.open = open;
      proto.send = send;
    },
  };
}

/** A PNG whose left half is transparent and right half opaque red. */
export async function transparentPng(width = 64, height = 48): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  context.fillStyle = '#ff0000';
  context.fillRect(width / 2, 0, width / 2, height);
  const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
  return new File([blob], 'half-transparent.png', { type: 'image/png' });
}

/** The RGBA of a pixel of an image given by URL (e.g. a thumbnail's data: URL), drawn at its own size. */
export async function pixelOf(src: string, x: (w: number) => number, y: (h: number) => number): Promise<number[]> {
  const image = new Image();
  image.src = src;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth;
  canvas.height = image.naturalHeight;
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0);
  return [...context.getImageData(Math.floor(x(canvas.width)), Math.floor(y(canvas.height)), 1, 1).data];
}

/**
 * Layout that holds, measured with bounding boxes in real Chromium at a phone's viewport
 * (360 × 740) and a desktop's (1280 × 800): the header is one row, names are never cut to a few
 * letters, and every grid's header cells sit over their columns.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionClient } from '../../src/client/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import { waitForCard } from './support/files.js';
import { fixtureFile, mountDialog, openAndWait, previewRoot, type SessionChatPreviewDialog } from './support/preview.js';
import { joinAs, newSessionId, relayUrl, tokenFor } from './support/relay.js';

const VIEWPORTS = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
];
/** 40 characters: the length a card must show in full. */
const LONG_NAME = 'maintenance-visit-report-2026-12-04b.pdf';

/** A technician's widget (the one with the most header controls) filling the viewport's width. */
async function mountTechnician(session: string): Promise<SessionChat> {
  const server = await relayUrl();
  const token = await tokenFor(session, { role: 'technician', name: 'Tom (Support)' });
  const box = await fixture<HTMLDivElement>(html`<div style="width: 100%; height: 640px"><session-chat server=${server} token=${token}></session-chat></div>`);
  const el = box.querySelector('session-chat')!;
  await waitUntil(() => el.connectionState === 'live', 'the element did not go live', { timeout: 5000 });
  await el.updateComplete;
  return el;
}

const rect = (node: Element | Range) => node.getBoundingClientRect();

/** The header's controls: every button and link in it, also inside the end button's shadow root. */
function headerControls(el: SessionChat): HTMLElement[] {
  const header = el.shadowRoot!.querySelector<HTMLElement>('[part~="header"]')!;
  const controls = [...header.querySelectorAll<HTMLElement>('button, a[href]')];
  for (const host of header.querySelectorAll('*')) {
    if (host.shadowRoot && host.localName !== 'session-chat-participants') controls.push(...host.shadowRoot.querySelectorAll<HTMLElement>('button, a[href]'));
  }
  return controls.filter((control) => control.getClientRects().length > 0);
}

describe('layout', () => {
  let clients: SessionClient[] = [];

  afterEach(async () => {
    for (const client of clients) client.close();
    clients = [];
    await setViewport({ width: 800, height: 600 });
  });

  for (const viewport of VIEWPORTS) {
    describe(`at ${viewport.width} × ${viewport.height}`, () => {
      beforeEach(() => setViewport(viewport));

      it('keeps the header on one row and shows participant and 40-character file names in full', async () => {
        const session = newSessionId();
        const ann = await joinAs(session, { role: 'customer', name: 'Ann Customer-Longname', customer: 'ACME-layout' });
        clients.push(ann);
        const el = await mountTechnician(session);
        await ann.shareFiles([new File(['%PDF-1.4\n'], LONG_NAME, { type: 'application/pdf' })])[0]!.done;
        const card = await waitForCard(el, LONG_NAME);
        await waitUntil(() => el.shadowRoot!.querySelector('session-chat-end-button')?.shadowRoot?.querySelector('button'), 'no end button');
        await waitUntil(() => el.shadowRoot!.querySelector('session-chat-earlier-sessions')?.shadowRoot?.querySelector('button'), 'no Earlier sessions button');

        // The header: search, settings, "End session", "Add participant" and "Earlier sessions" share one row.
        const controls = headerControls(el);
        const names = controls.map((c) => c.getAttribute('aria-label') ?? c.textContent!.trim());
        expect(names).to.include.members(['Search', 'Settings', 'End session', 'Add participant', 'Earlier sessions']);
        const boxes = controls.map(rect);
        const tops = boxes.map((box) => Math.round(box.top));
        expect(Math.max(...tops) - Math.min(...tops), `control tops ${JSON.stringify(tops)} (${names.join(', ')})`).to.be.at.most(4);
        // The participants start on that row too: the first participant's line and every control overlap vertically.
        const list = el.shadowRoot!.querySelector('session-chat-participants')!.shadowRoot!;
        await waitUntil(() => list.querySelectorAll('.name').length === 2, 'both participants are not listed');
        const firstRow = rect(list.querySelector('li')!);
        for (const [i, box] of boxes.entries()) {
          expect(box.top, `${names[i]} starts below the first row (${Math.round(firstRow.top)}–${Math.round(firstRow.bottom)})`).to.be.below(firstRow.bottom);
          expect(box.bottom, `${names[i]} ends above the first row`).to.be.above(firstRow.top);
        }
        const header = rect(el.shadowRoot!.querySelector('[part~="header"]')!);
        for (const [i, box] of boxes.entries()) expect(box.right, `${names[i]} sticks out of the header`).to.be.at.most(header.right + 0.5);

        // Participant names: never cut (no overflow, so no ellipsis).
        for (const name of list.querySelectorAll<HTMLElement>('.name')) {
          expect(name.scrollWidth, `"${name.textContent}" is cut`).to.be.at.most(name.clientWidth);
          const range = document.createRange();
          range.selectNodeContents(name);
          expect(rect(range).right, `"${name.textContent}" runs out of the header`).to.be.at.most(header.right + 0.5);
        }

        // The file name: fully visible on its card.
        const cardBox = rect(card.shadowRoot!.querySelector('[part~="card"]')!);
        const nameElement = card.shadowRoot!.querySelector<HTMLElement>('[part~="name"]')!;
        expect(nameElement.textContent!.trim()).to.equal(LONG_NAME);
        expect(nameElement.scrollWidth, 'the file name overflows its element').to.be.at.most(nameElement.clientWidth);
        const range = document.createRange();
        range.selectNodeContents(nameElement);
        const text = rect(range);
        expect(text.width, 'the file name has no width').to.be.above(0);
        expect(text.left, 'name left').to.be.at.least(cardBox.left);
        expect(text.right, 'name right').to.be.at.most(cardBox.right);
        expect(text.top, 'name top').to.be.at.least(cardBox.top);
        expect(text.bottom, 'name bottom').to.be.at.most(cardBox.bottom);
        // eslint-disable-next-line no-console
        console.log(`[layout ${viewport.width}] control tops ${tops.join('/')} (first participant line ${Math.round(firstRow.top)}–${Math.round(firstRow.bottom)}); header ${Math.round(header.width)}×${Math.round(header.height)}; file name ${text.width.toFixed(1)} px wide in a ${cardBox.width.toFixed(1)} px card`);
      });

      for (const path of ['csv/acm-publications.csv', 'csv/sample-header.csv', 'csv/malformed.tsv']) {
        it(`aligns every header cell of ${path} with its column's cells`, async () => {
          const el: SessionChatPreviewDialog = await mountDialog([fixtureFile(path)]);
          await openAndWait(el);
          const root = previewRoot(el);
          await waitUntil(() => root.querySelector<HTMLElement>('.status')?.dataset['done'] === 'true', 'the file did not finish', { timeout: 15000 });
          const head = [...root.querySelectorAll<HTMLElement>('.head [role="row"] > *')];
          const rows = [...root.querySelectorAll<HTMLElement>('.body [role="row"]')].slice(0, 20);
          expect(head.length, 'header cells').to.be.above(1);
          expect(rows.length, 'body rows').to.be.above(0);
          let worst = 0;
          for (const row of rows) {
            const cells = [...row.children] as HTMLElement[];
            head.forEach((cell, column) => {
              const body = cells[column];
              if (!body) return;
              const h = rect(cell);
              const b = rect(body);
              worst = Math.max(worst, Math.abs(h.left - b.left), Math.abs(h.right - b.right));
              expect(Math.abs(h.left - b.left), `"${cell.textContent}" left edge vs row ${row.getAttribute('aria-rowindex')}`).to.be.at.most(1);
              expect(Math.abs(h.right - b.right), `"${cell.textContent}" right edge vs row ${row.getAttribute('aria-rowindex')}`).to.be.at.most(1);
            });
          }
          // eslint-disable-next-line no-console
          console.log(`[layout ${viewport.width}] ${path}: ${head.length} header cells, largest edge offset ${worst.toFixed(2)} px`);
          el.close();
        });
      }
    });
  }
});

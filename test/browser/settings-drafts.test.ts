import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import type { SettingsChangeEvent } from '../../src/index.js';
import { composerTextarea, renderedMessages, logRoot } from './support/dom.js';
import { chatBox, inside, mountChat, textOf, unmount } from './support/chat-elements.js';
import { waitForMessage } from './support/message-actions.js';
import { joinAs, newSessionId, startRelay } from './support/relay.js';
import { draftKey } from '../../src/components/composer/drafts-controller.js';
import { expectAccessible } from './support/a11y.js';

interface AxNode {
  role: string;
  name: string;
  checked?: boolean;
  disabled?: boolean;
  children: AxNode[];
}

const BOB = { name: 'Bob' };

function settingsButton(el: SessionChat): HTMLButtonElement {
  return el.shadowRoot!.querySelector<HTMLButtonElement>('[part="settings-button"]')!;
}

/** Opens the settings panel with its button and returns the open dialog. */
async function openSettings(el: SessionChat): Promise<HTMLDialogElement> {
  settingsButton(el).click();
  await waitUntil(() => inside<HTMLDialogElement>(el, 'session-chat-settings dialog, dialog[part="dialog"]')?.open, 'the settings did not open');
  return el.shadowRoot!.querySelector('session-chat-settings')!.shadowRoot!.querySelector('dialog')!;
}

function checkbox(dialog: HTMLDialogElement, label: string): HTMLInputElement {
  const found = [...dialog.querySelectorAll('label')].find((l) => textOf(l).startsWith(label));
  if (!found) throw new Error(`no setting "${label}" (have ${[...dialog.querySelectorAll('label')].map((l) => textOf(l)).join(' | ')})`);
  return found.querySelector('input')!;
}

describe('settings and drafts', () => {
  beforeEach(() => {
    localStorage.removeItem('session-chat:settings');
  });

  afterEach(async () => {
    localStorage.removeItem('session-chat:settings');
    await startRelay();
  });

  describe('the settings panel', () => {
    it('is an accessible dialog named "Settings" with a switch for each setting', async () => {
      const el = await mountChat(await chatBox(), newSessionId(), BOB);
      expect(settingsButton(el).getAttribute('aria-label')).to.equal('Settings');
      const dialog = await openSettings(el);
      await expectAccessible(el);
      const snapshot = (await a11ySnapshot({})) as unknown as AxNode;
      expect(findAccessibilityNode<AxNode>(snapshot, (n) => n.role === 'dialog' && n.name === 'Settings'), 'dialog "Settings"').to.not.equal(null);
      const boxes = ['Enter sends the message', 'Show others when I am typing', 'Sound for new messages', 'System notifications', 'Always scroll to the newest message'];
      for (const name of boxes) {
        expect(findAccessibilityNode<AxNode>(snapshot, (n) => n.role === 'checkbox' && n.name === name), `checkbox "${name}"`).to.not.equal(null);
      }
      expect([checkbox(dialog, 'Enter sends').checked, checkbox(dialog, 'Show others').checked, checkbox(dialog, 'Always scroll').checked]).to.deep.equal([true, true, false]);
      expect(checkbox(dialog, 'System notifications').checked, 'off by default: the browser asks permission').to.equal(false);
      await sendKeys({ press: 'Escape' });
      await waitUntil(() => !dialog.open, 'Escape did not close it');
    });

    it('keeps a choice in this browser, applies it (Ctrl+Enter sends), and lets host properties win', async () => {
      const session = newSessionId();
      const box = await chatBox();
      const el = await mountChat(box, session, BOB);
      const changes: string[] = [];
      box.addEventListener('settings-change', (event: SettingsChangeEvent) => changes.push(`${event.detail.name}=${event.detail.value}`));
      const dialog = await openSettings(el);
      checkbox(dialog, 'Enter sends').click();
      expect(changes).to.deep.equal(['enterToSend=false']);
      expect(JSON.parse(localStorage.getItem('session-chat:settings')!)).to.deep.equal({ enterToSend: false });
      dialog.close();
      await el.updateComplete;

      // Enter adds a line now; Ctrl+Enter sends.
      composerTextarea(el).focus();
      await sendKeys({ type: 'first line' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ type: 'second line' });
      await aTimeout(200);
      expect(renderedMessages(el)).to.have.length(0);
      expect(composerTextarea(el).value).to.equal('first line\nsecond line');
      await sendKeys({ down: 'Control' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ up: 'Control' });
      await waitForMessage(el, 'second line');

      // Another element (a reload) reads the stored choice.
      unmount(el);
      const again = await mountChat(box, session, BOB);
      const reopened = await openSettings(again);
      expect(checkbox(reopened, 'Enter sends').checked).to.equal(false);
      reopened.close();

      // The host's property wins over the stored choice, and the switch cannot change it.
      again.enterToSend = true;
      await again.updateComplete;
      const forced = await openSettings(again);
      await again.shadowRoot!.querySelector('session-chat-settings')!.updateComplete;
      expect(checkbox(forced, 'Enter sends').checked).to.equal(true);
      expect(checkbox(forced, 'Enter sends').disabled).to.equal(true);
      expect(textOf(checkbox(forced, 'Enter sends').closest('.setting'))).to.contain('Set by this site.');
      forced.close();
      composerTextarea(again).focus();
      await sendKeys({ type: 'plain enter' });
      await sendKeys({ press: 'Enter' });
      await waitForMessage(again, 'plain enter');
      expect(JSON.parse(localStorage.getItem('session-chat:settings')!), 'the stored choice stays').to.deep.equal({ enterToSend: false });

      // As an attribute: "false" forces it off.
      again.setAttribute('enter-to-send', 'false');
      await again.updateComplete;
      expect(again.enterToSend).to.equal(false);
      again.removeAttribute('enter-to-send');
      expect(again.enterToSend).to.equal(undefined);
    });

    it('scrolls to every new message when "Always scroll to the newest message" is on', async () => {
      const session = newSessionId();
      const el = await mountChat(await chatBox(), session, BOB, (chat) => (chat.alwaysScrollToEnd = true));
      for (let i = 1; i <= 20; i++) await el.client!.send(`line ${i}`);
      await waitForMessage(el, 'line 20');
      const log = logRoot(el).querySelector<HTMLElement>('[part="log"]')!;
      log.scrollTop = 0;
      await aTimeout(100);
      await el.client!.send('follow me');
      await waitForMessage(el, 'follow me');
      await waitUntil(() => log.scrollHeight - log.scrollTop - log.clientHeight < 2, 'did not scroll to the new message');
    });
  });

  describe('drafts', () => {
    it('keeps what was typed per session and participant across a reload, and forgets it once sent', async () => {
      const session = newSessionId();
      const box = await chatBox();
      const el = await mountChat(box, session, BOB);
      composerTextarea(el).focus();
      await sendKeys({ type: 'half-written answer' });
      unmount(el);

      // The same participant in another session starts empty; back in this one, the draft is there.
      const elsewhere = await mountChat(box, newSessionId(), BOB);
      await elsewhere.shadowRoot!.querySelector('session-chat-composer')!.updateComplete;
      expect(composerTextarea(elsewhere).value).to.equal('');
      unmount(elsewhere);
      const other = await mountChat(box, session, { name: 'Carl' });
      expect(composerTextarea(other).value, 'another participant has their own draft').to.equal('');
      unmount(other);

      const again = await mountChat(box, session, BOB);
      await waitUntil(() => composerTextarea(again).value === 'half-written answer', `draft not restored ("${composerTextarea(again).value}")`);
      composerTextarea(again).focus();
      await sendKeys({ press: 'End' });
      await sendKeys({ type: '!' });
      await sendKeys({ press: 'Enter' });
      await waitForMessage(again, 'half-written answer!');
      unmount(again);

      const third = await mountChat(box, session, BOB);
      await aTimeout(100);
      expect(composerTextarea(third).value, 'sent, so no draft').to.equal('');
    });

    it('forgets the draft once the session has ended (nothing more can be sent in it)', async () => {
      const session = newSessionId();
      const tom = await joinAs(session, { role: 'technician', name: 'Tom' });
      try {
        const el = await mountChat(await chatBox(), session, BOB);
        composerTextarea(el).focus();
        await sendKeys({ type: 'never sent' });
        const key = draftKey(session, el.client!.me!.id);
        await waitUntil(() => localStorage.getItem(key) === 'never sent', 'the draft was not kept');
        await tom.endSession();
        await waitUntil(() => localStorage.getItem(key) === null, 'the draft outlived the session', { timeout: 5000 });
      } finally {
        tom.close();
      }
    });

    it('keeps the draft when the element reconnects', async () => {
      const session = newSessionId();
      const el = await mountChat(await chatBox(), session, BOB);
      composerTextarea(el).focus();
      await sendKeys({ type: 'typed before the restart' });
      await fetch('/__relay/restart', { method: 'POST' });
      await waitUntil(() => el.connectionState === 'live', 'not live again', { timeout: 10000 });
      expect(composerTextarea(el).value).to.equal('typed before the restart');
      el.token = el.token; // the same token again changes nothing
      expect(textOf(inside(el, '[part="typing"]'))).to.equal('');
    });
  });
});

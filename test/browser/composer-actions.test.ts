import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { ComposerActionEvent } from '../../src/index.js';
import { expectAccessible } from './support/a11y.js';
import { chatBox, mountChat } from './support/chat-elements.js';
import { composerOf } from './support/files.js';
import { waitForMessage } from './support/message-actions.js';
import { joinAs, newSessionId } from './support/relay.js';

describe('host composer buttons (composerActions)', () => {
  it('fire composer-action with the draft; insertText and attachFiles fill the composer', async () => {
    const session = newSessionId();
    const ann = await joinAs(session, { role: 'customer', name: 'Ann' });
    const tom = await mountChat(await chatBox(), session, { name: 'Tom', role: 'technician' }, (el) => {
      el.composerActions = [
        { id: 'ticket', label: 'Insert ticket number', icon: '🎫' },
        { id: 'crm', label: '<b>CRM</b> data' },
      ];
    });
    const composer = composerOf(tom).shadowRoot;
    // Drawn by a chunk fetched once a host gives buttons.
    await waitUntil(() => composer.querySelector('[part~="composer-action"]'), 'no composer buttons');
    const buttons = [...composer.querySelectorAll<HTMLButtonElement>('[part~="composer-action"]')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).to.deep.equal(['Insert ticket number', '<b>CRM</b> data']);
    expect(buttons[1]!.textContent!.trim(), 'a label is text, never markup').to.equal('<b>CRM</b> data');
    expect(buttons[1]!.querySelector('b')).to.equal(null);
    await expectAccessible(tom);

    const heard: ComposerActionEvent[] = [];
    tom.addEventListener('composer-action', (event) => {
      heard.push(event);
      if (event.detail.action === 'ticket') tom.insertText(' #4711');
    });
    composer.querySelector<HTMLTextAreaElement>('textarea')!.focus();
    await sendKeys({ type: 'See ticket' });
    buttons[0]!.click();
    expect(heard.map((e) => [e.detail.action, e.detail.draft])).to.deep.equal([['ticket', 'See ticket']]);
    const area = composer.querySelector<HTMLTextAreaElement>('textarea')!;
    expect(area.value).to.equal('See ticket #4711');
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => ann.state.messages.some((m) => m.text === 'See ticket #4711'), 'the inserted text was not sent');

    // attachFiles shares like "Attach files", the typed text as the caption.
    area.focus();
    await sendKeys({ type: 'the scan' });
    tom.attachFiles([new File(['scanned'], 'scan.txt', { type: 'text/plain' })]);
    await waitUntil(() => ann.state.messages.some((m) => m.file?.name === 'scan.txt'), 'the file was not shared');
    expect(ann.state.messages.find((m) => m.file?.name === 'scan.txt')!.text).to.equal('the scan');
    await waitForMessage(tom, 'See ticket #4711');
    ann.close();
  });
});

import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { SessionChat } from '../../src/components/session-chat/session-chat.component.js';
import type { InviteRequestEvent } from '../../src/index.js';
import { expectAccessible } from './support/a11y.js';
import { chatBox, mountChat } from './support/chat-elements.js';
import { joinAs, newSessionId } from './support/relay.js';

/** The "Add participant" element in the header, once its chunk rendered it. */
function inviteRoot(el: SessionChat): ShadowRoot | null {
  return el.shadowRoot!.querySelector('session-chat-invite-button')?.shadowRoot ?? null;
}
async function openInvite(el: SessionChat): Promise<ShadowRoot> {
  await waitUntil(() => inviteRoot(el)?.querySelector('button[aria-label="Add participant"]'), 'no "Add participant" button', { timeout: 5000 });
  const root = inviteRoot(el)!;
  root.querySelector<HTMLButtonElement>('button[aria-label="Add participant"]')!.click();
  await waitUntil(() => root.querySelector('dialog')?.open, 'the dialog did not open');
  return root;
}
const byText = (root: ParentNode, selector: string, text: string) =>
  [...root.querySelectorAll<HTMLElement>(selector)].find((node) => node.textContent!.trim() === text) ?? null;

async function ask(root: ShadowRoot, role: 'Customer' | 'Technician', name: string): Promise<void> {
  const radio = [...root.querySelectorAll('label')].find((label) => label.textContent!.trim() === role)!.querySelector('input')!;
  radio.click();
  root.querySelector<HTMLInputElement>('input[name="name"]')!.value = name;
  byText(root, 'button', 'Create link')!.click();
}

describe('"Add participant"', () => {
  it('technicians and admins have it, customers do not; the host answers invite-request with a link to copy', async () => {
    const session = newSessionId();
    await joinAs(session, { role: 'customer', name: 'Ann' });
    const box = await chatBox();
    const tom = await mountChat(box, session, { name: 'Tom', role: 'technician' });
    const ann = await mountChat(box, session, { name: 'Ann', role: 'customer' });
    const heard: InviteRequestEvent[] = [];
    tom.addEventListener('invite-request', (event) => {
      heard.push(event);
      event.detail.respondWith(Promise.resolve(`https://support.example/join#token=for-${event.detail.role}`));
    });
    const ada = await mountChat(box, session, { name: 'Ada', role: 'admin' });
    await waitUntil(() => inviteRoot(ada)?.querySelector('button[aria-label="Add participant"]'), 'an admin has no "Add participant"', { timeout: 5000 });
    const root = await openInvite(tom);
    expect(inviteRoot(ann), 'a customer has no Add participant').to.equal(null);
    expect(root.querySelector('dialog')!.getAttribute('aria-labelledby')).to.equal('invite-title');
    expect(root.activeElement, 'the name field has the focus').to.equal(root.querySelector('input[name="name"]'));
    await expectAccessible(tom);

    await ask(root, 'Technician', 'Sam (Level 2)');
    await waitUntil(() => root.querySelector<HTMLInputElement>('input[name="link"]'), 'no link shown');
    expect(heard).to.have.length(1);
    expect(heard[0]!.detail.role).to.equal('technician');
    expect(heard[0]!.detail.name).to.equal('Sam (Level 2)');
    expect(root.querySelector<HTMLInputElement>('input[name="link"]')!.value).to.equal('https://support.example/join#token=for-technician');
    expect(root.textContent).to.contain('Send this link to Sam (Level 2): it opens this session as a technician.');
    byText(root, 'button', 'Copy link')!.click();
    await waitUntil(() => /Link copied\.|Select the link and copy it\./.test(root.querySelector('[role="status"]')!.textContent!), 'no copy status');
    await expectAccessible(tom);

    // Escape closes it and gives the focus back to the button.
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !root.querySelector('dialog')!.open, 'Escape did not close the dialog');
    expect(root.activeElement).to.equal(root.querySelector('button[aria-label="Add participant"]'));
  });

  it('shows the host\'s refusal; without a host answer the relay mints the token for invite-url, or it says it is not set up', async () => {
    const session = newSessionId();
    await joinAs(session, { role: 'customer', name: 'Ann' });
    const box = await chatBox();
    const tom = await mountChat(box, session, { name: 'Tom', role: 'technician' });
    const refuse = (event: InviteRequestEvent) => event.detail.respondWith(Promise.reject(new Error('Your plan allows two technicians per session.')));
    tom.addEventListener('invite-request', refuse);
    let root = await openInvite(tom);
    await ask(root, 'Customer', 'Lena');
    await waitUntil(() => root.querySelector('[role="alert"]'), 'no refusal shown');
    expect(root.querySelector('[role="alert"]')!.textContent!.trim()).to.equal('Your plan allows two technicians per session.');
    tom.removeEventListener('invite-request', refuse);

    // Nobody answers and there is no invite-url.
    await ask(root, 'Customer', 'Lena');
    await waitUntil(() => root.querySelector('[role="alert"]')?.textContent?.includes('not set up'), 'no "not set up" message');
    expect(root.querySelector('[role="alert"]')!.textContent!.trim()).to.equal('Adding participants is not set up on this site.');
    byText(root, 'button', 'Cancel')!.click();

    // With invite-url the relay mints the new participant's token.
    tom.inviteUrl = 'https://support.example/join#token={token}';
    root = await openInvite(tom);
    await ask(root, 'Customer', 'Lena');
    await waitUntil(() => root.querySelector<HTMLInputElement>('input[name="link"]'), 'no link from the relay');
    const link = root.querySelector<HTMLInputElement>('input[name="link"]')!.value;
    expect(link).to.match(/^https:\/\/support\.example\/join#token=[\w-]+\.[\w-]+\.[\w-]+$/);
    const claims = JSON.parse(atob(link.split('#token=')[1]!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Record<string, unknown>;
    expect([claims.sid, claims.role, claims.name]).to.deep.equal([session, 'customer', 'Lena']);
    // "Add another" goes back to the form.
    byText(root, 'button', 'Add another')!.click();
    await waitUntil(() => root.querySelector('input[name="name"]'), 'the form did not come back');
  });

  it('fits a 360 px widget', async () => {
    const session = newSessionId();
    const box = await chatBox();
    const tom = await mountChat(box, session, { name: 'Tom', role: 'technician' });
    const root = await openInvite(tom);
    const dialog = root.querySelector('dialog')!.getBoundingClientRect();
    expect(dialog.width).to.be.at.most(window.innerWidth);
    for (const control of root.querySelectorAll('dialog input, dialog button')) {
      const rect = control.getBoundingClientRect();
      expect(rect.left, control.outerHTML).to.be.at.least(dialog.left - 0.5);
      expect(rect.right, control.outerHTML).to.be.at.most(dialog.right + 0.5);
    }
    const header = tom.shadowRoot!.querySelector('[part="header"]')!.getBoundingClientRect();
    const button = root.querySelector('button[aria-label="Add participant"]')!.getBoundingClientRect();
    expect(button.top - header.top, 'the button sits in the header').to.be.below(header.height);
  });
});

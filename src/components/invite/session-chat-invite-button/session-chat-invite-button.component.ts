import { LitElement, html, nothing, svg } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { SessionClient } from '../../../client/index.js';
import { ErrorCodes, MAX_INVITE_NAME_LENGTH, SessionChatError, type InviteRequest } from '../../../protocol/index.js';
import { copyText } from '../../shared/clipboard.js';
import { InviteRequestEvent } from '../../shared/events/invite-request.js';
import { icon } from '../../shared/icons.js';
import { LocalizeController } from '../../shared/localize/localize.js';
import type { TranslationKey } from '../../shared/localize/en.js';
import { themeStyles } from '../../shared/theme.styles.js';
import { sessionChatInviteButtonStyles } from './session-chat-invite-button.styles.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';

const ADD_PERSON = svg`<circle cx="10" cy="8" r="4"></circle><path d="M3 20c0-3.9 3.1-7 7-7s7 3.1 7 7M19 8v6m-3-3h6"></path>`;

/** The message for a failure to make a link: the relay's refusals by code, the host's in its own words. */
function problemOf(error: unknown): { key: TranslationKey } | { text: string } {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === ErrorCodes.NOT_FOUND) return { key: 'invite.notSetUp' };
  if (code === ErrorCodes.FORBIDDEN) return { key: 'invite.forbidden' };
  if (code === ErrorCodes.SESSION_ENDED) return { key: 'invite.ended' };
  if (code === ErrorCodes.RATE_LIMITED) return { key: 'invite.rateLimited' };
  const message = error instanceof Error && typeof code !== 'number' ? error.message : '';
  return message ? { text: message } : { key: 'invite.failed' };
}

/**
 * @summary "Add participant" (technicians and admins): a dialog asking the new participant's role
 * (customer or technician) and name, then showing the join link to send them, with "Copy link".
 * The link comes from the host: `invite-request` is fired on `chat` (the `<session-chat>`) and
 * its backend answers with `respondWith(link)`; unanswered, the relay mints the token
 * (`client.invite()`) and the link is `inviteUrl` with it in place of `{token}`.
 *
 * @csspart button - The "Add participant" button.
 * @csspart dialog - The dialog.
 */
export class SessionChatInviteButton extends LitElement {
  static override styles = [themeStyles, sessionChatInviteButtonStyles];

  private readonly localize = new LocalizeController(this);

  @query('dialog') private dialog!: HTMLDialogElement;
  @query('.icon') private button!: HTMLButtonElement;

  /** The widget's client (for links the relay makes). */
  @property({ attribute: false }) client: SessionClient | null = null;
  /** A join page URL with `{token}` where the token goes; '' when the host makes the links. */
  @property({ attribute: false }) inviteUrl = '';
  /** Where `invite-request` is fired: the `<session-chat>` the host listens on. */
  @property({ attribute: false }) chat: HTMLElement | null = null;

  @state() private inviteeRole: InviteRequest['role'] = 'customer';
  @state() private busy = false;
  @state() private link: { url: string; invitee: InviteRequest } | null = null;
  @state() private problem: { key: TranslationKey } | { text: string } | null = null;
  @state() private copied: TranslationKey | null = null;

  /** Opens the dialog (the button does). */
  async open(): Promise<void> {
    this.link = null;
    this.problem = null;
    this.copied = null;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.renderRoot.querySelector<HTMLInputElement>('input[name="name"]')?.focus();
  }

  private onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    if (this.busy) return;
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[name="name"]')!;
    const name = input.value.trim();
    if (!name) {
      this.problem = { key: 'invite.nameNeeded' };
      input.focus();
      return;
    }
    const invitee: InviteRequest = { role: this.inviteeRole, name };
    this.busy = true;
    this.problem = null;
    this.linkFor(invitee)
      .then(async (url) => {
        this.link = { url, invitee };
        await this.updateComplete;
        this.renderRoot.querySelector<HTMLInputElement>('input[name="link"]')?.select();
      })
      .catch((error: unknown) => {
        this.problem = problemOf(error);
      })
      .finally(() => {
        this.busy = false;
      });
  }

  /** The host's link (`invite-request`), else one with the relay's token in `inviteUrl`. */
  private linkFor(invitee: InviteRequest): Promise<string> {
    let answer: Promise<string> | undefined;
    (this.chat ?? this).dispatchEvent(new InviteRequestEvent({ ...invitee, respondWith: (link) => void (answer ??= Promise.resolve(link)) }));
    if (answer) return answer;
    const client = this.client;
    if (!client || !this.inviteUrl.includes('{token}')) {
      return Promise.reject(new SessionChatError(ErrorCodes.NOT_FOUND, 'this site has not set up adding participants'));
    }
    return client.invite(invitee).then((invitation) => this.inviteUrl.replace('{token}', encodeURIComponent(invitation.token)));
  }

  private async copy(): Promise<void> {
    if (!this.link) return;
    this.copied = (await copyText(this.link.url, this.renderRoot as ShadowRoot)) ? 'invite.copied' : 'invite.copyFailed';
  }

  private another(): void {
    this.link = null;
    this.copied = null;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>('input[name="name"]')?.focus());
  }

  private renderForm() {
    const l = this.localize;
    return html`<form @submit=${this.onSubmit}>
      <fieldset>
        <legend>${l.term('invite.role')}</legend>
        ${(['customer', 'technician'] as const).map(
          (role) => html`<label
            ><input type="radio" name="role" value=${role} .checked=${this.inviteeRole === role} @change=${() => (this.inviteeRole = role)} />
            ${l.term(role === 'customer' ? 'invite.customer' : 'invite.technician')}</label
          >`,
        )}
      </fieldset>
      <label class="field">${l.term('invite.name')}<input type="text" name="name" maxlength=${MAX_INVITE_NAME_LENGTH} autocomplete="off" dir="auto" /></label>
      ${this.renderProblem()}
      <div class="actions">
        <button type="button" @click=${() => this.dialog.close()}>${l.term('cancel')}</button>
        <button type="submit" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>${l.term('invite.create')}</button>
      </div>
    </form>`;
  }

  private renderLink(link: { url: string; invitee: InviteRequest }) {
    const l = this.localize;
    const role = l.term(link.invitee.role === 'customer' ? 'invite.asCustomer' : 'invite.asTechnician');
    return html`<p class="hint">${l.term('invite.sendLink', { name: link.invitee.name, role })}</p>
      <label class="field"
        >${l.term('invite.link')}
        <span class="link-row"
          ><input type="url" name="link" readonly .value=${link.url} /><button type="button" class="primary" @click=${this.copy}>${l.term('invite.copy')}</button></span
        ></label
      >
      <p class="hint" role="status">${this.copied ? l.term(this.copied) : nothing}</p>
      <div class="actions">
        <button type="button" @click=${this.another}>${l.term('invite.another')}</button>
        <button type="button" @click=${() => this.dialog.close()}>${l.term('invite.done')}</button>
      </div>`;
  }

  private renderProblem() {
    const problem = this.problem;
    if (!problem) return nothing;
    return html`<p class="problem" role="alert">${'key' in problem ? this.localize.term(problem.key) : problem.text}</p>`;
  }

  override render() {
    const l = this.localize;
    const name = l.term('invite.add');
    return html`<button type="button" class="icon" part="button" aria-label=${name} title=${name} aria-haspopup="dialog" @click=${this.open}>
        ${icon(ADD_PERSON)}
      </button>
      <dialog part="dialog" aria-labelledby="invite-title" @close=${() => this.button.focus()}>
        <h2 id="invite-title">${name}</h2>
        ${this.link ? this.renderLink(this.link) : this.renderForm()}
      </dialog>`;
  }
}

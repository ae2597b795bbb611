import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { SessionClient } from '../../client/session-client.js';
import type { SessionChatError } from '../../protocol/index.js';
import type { SessionChat } from '../session-chat/session-chat.component.js';
import { LocalizeController } from '../shared/localize/localize.js';
import { LanguageDirectionController } from '../shared/language-direction-controller.js';
import { themeStyles } from '../shared/theme.styles.js';
import { launcherStyles } from './session-chat-launcher.styles.js';

/** `launcher-upgrade`: the full widget took over; set its properties on `detail.element`. */
export class LauncherUpgradeEvent extends CustomEvent<{ element: SessionChat }> {
  constructor(element: SessionChat) {
    super('launcher-upgrade', { bubbles: true, composed: true, detail: { element } });
  }
}

/** What counts as the first interaction: the full widget loads on it. */
const INTERACTIONS = ['pointerdown', 'focusin', 'keydown', 'touchstart'] as const;
/** The launcher's attributes that stay its own (the full widget gets its client, not these). */
const OWN_ATTRIBUTES = new Set(['server', 'token', 'dir', 'style', 'class', 'id', 'hidden']);

function node<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const el = Object.assign(document.createElement(tag), props);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

/**
 * @summary The widget's light first load: the conversation and the composer of a session,
 * drawn without Lit and with the headless client only; the full `<session-chat>` loads on the
 * first interaction (a pointer, a key or the focus inside it) or on `upgrade()`, takes over the
 * same connection and keeps what was typed.
 *
 * @event launcher-upgrade - The full widget took over. `detail: { element: SessionChat }` (set its properties there).
 *
 * @csspart header - The participants and the connection status.
 * @csspart log - The messages (`role="log"`).
 * @csspart message - Every message (also `own-message` for one's own).
 * @csspart composer - The composer; `input` its textarea, `send-button` its Send button.
 */
export class SessionChatLauncher extends HTMLElement implements ReactiveControllerHost {
  static readonly observedAttributes = ['server', 'token', 'lang'];

  /** @internal The strings (the widget's localisation, without Lit). */
  readonly localize: LocalizeController;
  /** @internal Resolves after the pending render (the controller host contract). */
  updateComplete: Promise<boolean> = Promise.resolve(true);
  private readonly controllers = new Set<ReactiveController>();
  private readonly shell = node('div', { className: 'shell' });
  private readonly participants = node('div', { className: 'participants' }, { part: 'participants' });
  private readonly status = node('div', { className: 'status' }, { part: 'status', role: 'status' });
  private readonly log = node('div', { className: 'log', tabIndex: 0 }, { part: 'log', role: 'log' });
  private readonly input = node('textarea', { rows: 1 }, { part: 'input' });
  private readonly sendButton = node('button', { type: 'submit' }, { part: 'send-button' });
  private ownClient: SessionClient | null = null;
  /** The last refusal or failure (an expired token, a lost connection), shown in the status. */
  private failure: SessionChatError | null = null;
  private upgrading: Promise<SessionChat> | null = null;
  private pending = false;
  private configuring = false;
  /** The `server` and `token` the client was made for. */
  private configuredFor = '';

  constructor() {
    super();
    this.localize = new LocalizeController(this);
    new LanguageDirectionController(this);
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [themeStyles.styleSheet!, launcherStyles.styleSheet!];
    const form = node('form', {}, { part: 'composer' });
    form.append(this.input, this.sendButton);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.sendDraft();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.sendDraft();
      }
    });
    const header = node('div', { className: 'header' }, { part: 'header' });
    header.append(this.participants, this.status);
    this.shell.append(header, this.log, form);
    root.append(this.shell, node('slot'));
    for (const type of INTERACTIONS) this.addEventListener(type, this.onInteraction, { passive: true });
  }

  /** The client this launcher made from `server` and `token` (handed on to the full widget). */
  get client(): SessionClient | null {
    return this.ownClient;
  }

  /** Loads the full widget now (else it loads on the first interaction); resolves with it once it took over. */
  upgrade(): Promise<SessionChat> {
    // A load that failed (the network) is tried again on the next interaction.
    return (this.upgrading ??= this.loadFull().catch((error: unknown) => {
      this.upgrading = null;
      throw error;
    }));
  }

  connectedCallback(): void {
    for (const controller of this.controllers) controller.hostConnected?.();
    this.reconfigure();
  }

  disconnectedCallback(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.();
    this.ownClient?.close();
    this.ownClient = null;
  }

  attributeChangedCallback(name: string): void {
    if (name === 'lang') this.requestUpdate();
    else this.reconfigure();
  }

  addController(controller: ReactiveController): void {
    this.controllers.add(controller);
    if (this.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.controllers.delete(controller);
  }

  /** Draws again on the next frame (the client changed, or the language). */
  requestUpdate(): void {
    if (this.pending) return;
    this.pending = true;
    this.updateComplete = new Promise((resolve) =>
      requestAnimationFrame(() => {
        this.pending = false;
        this.render();
        resolve(true);
      }),
    );
  }

  private readonly onInteraction = (): void => void this.upgrade().catch(() => undefined);

  /** Configures once after the attributes of one task settled (a parsed element sets both, then connects). */
  private reconfigure(): void {
    if (this.configuring) return;
    this.configuring = true;
    queueMicrotask(() => {
      this.configuring = false;
      if (this.isConnected) this.configure();
    });
  }

  /** Makes the client for `server` and `token` (again when they change). */
  private configure(): void {
    const server = this.getAttribute('server') ?? '';
    const token = this.getAttribute('token') ?? '';
    if (this.ownClient && this.configuredFor === `${server} ${token}`) return;
    this.configuredFor = `${server} ${token}`;
    this.ownClient?.close();
    this.ownClient = null;
    if (server && token) {
      const client = new SessionClient({ server, token });
      this.ownClient = client;
      this.failure = null;
      for (const type of ['change', 'connectionchange'] as const) client.addEventListener(type, () => this.requestUpdate());
      client.addEventListener('error', (event) => this.fail(event.detail.error));
      void client.connect().catch((error: SessionChatError) => this.fail(error));
      const full = this.querySelector('session-chat');
      if (full) full.client = client;
    }
    this.requestUpdate();
  }

  private fail(error: SessionChatError): void {
    this.failure = error;
    this.requestUpdate();
  }

  private sendDraft(): void {
    const text = this.input.value;
    if (!this.ownClient || text.trim() === '') return;
    this.input.value = '';
    this.failure = null;
    // Refused (too long, too fast): the text goes back to the composer, with the reason.
    this.ownClient.send(text).catch((error: SessionChatError) => {
      if (this.input.value === '') this.input.value = text;
      this.fail(error);
    });
    this.requestUpdate();
  }

  private async loadFull(): Promise<SessionChat> {
    await import('../../browser.js');
    const full = document.createElement('session-chat');
    for (const { name, value } of Array.from(this.attributes)) if (!OWN_ATTRIBUTES.has(name)) full.setAttribute(name, value);
    full.client = this.ownClient;
    const typed = this.input.value;
    const hadFocus = this.shadowRoot!.activeElement === this.input;
    this.append(full);
    await full.updateComplete;
    this.shell.hidden = true;
    if (typed) full.insertText(typed);
    else if (hadFocus) full.renderRoot.querySelector<HTMLElement>('session-chat-composer')?.focus();
    this.dispatchEvent(new LauncherUpgradeEvent(full));
    return full;
  }

  private render(): void {
    // Upgraded: the full widget draws the client's changes; the hidden view is not kept up.
    if (this.shell.hidden) return;
    const l = this.localize;
    const client = this.ownClient;
    this.log.setAttribute('aria-label', l.term('messages'));
    this.input.setAttribute('aria-label', l.term('message'));
    this.input.placeholder = l.term('messagePlaceholder');
    this.sendButton.textContent = l.term('send');
    const failure = this.failure;
    const reason = failure && (l.has(`error.${failure.codeName}`) ? l.term(`error.${failure.codeName}` as 'error.generic') : l.term('error.generic', { code: failure.codeName }));
    const ended = !!client?.state.ended;
    this.status.textContent = ended ? l.term('sessionEndedStatus') : (reason ?? l.term(`connection.${client?.connectionState ?? 'idle'}`));
    this.input.disabled = this.sendButton.disabled = !client || ended;
    if (ended) this.input.placeholder = l.term('composerEnded');
    if (!client) return this.log.replaceChildren();
    const state = client.state;
    const names = new Map(state.participants.map((p) => [p.id, p.name]));
    this.participants.textContent = state.participants.filter((p) => !p.left).map((p) => p.name).join(', ');
    const me = client.me?.id;
    const rows = state.messages.map((m) => {
      const own = m.from === me;
      const row = node('div', { className: own ? 'message own' : 'message' }, { part: own ? 'message own-message' : 'message' });
      const author = node('span', { className: 'author', textContent: names.get(m.from) ?? l.term('unknownParticipant') }, { dir: 'auto' });
      const body = m.deleted
        ? node('span', { className: 'deleted', textContent: l.term('deleted') })
        : node('span', { textContent: m.text || m.file?.name || m.transfer?.name || '' }, { dir: 'auto' });
      row.append(author, body);
      return row;
    });
    for (const entry of client.outbox) {
      rows.push(node('div', { className: 'message own', textContent: entry.text }, { part: 'message own-message pending-message', dir: 'auto' }));
    }
    const atEnd = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 8;
    this.log.replaceChildren(...rows);
    if (atEnd) this.log.scrollTop = this.log.scrollHeight;
  }
}

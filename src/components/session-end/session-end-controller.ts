import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../client/index.js';
import type { SessionClientEventMap } from '../../client/types.js';
import { mayEndSession, mayReadTranscripts, type SessionChatError, type SessionEndReason } from '../../protocol/index.js';
import type { ChatEndSessionEvent } from '../shared/events/chat-end-session.js';
import type { SessionEndedEventDetail } from '../shared/events/session-ended.js';
import type { TranscriptReadyEventDetail } from '../shared/events/transcript-ready.js';
import type { LocalizeController } from '../shared/localize/localize.js';

/**
 * Parts only some viewers ever need are chunks of their own, so a customer's first load carries
 * neither: the "End session" button (technicians and admins), and the banner with what is known
 * once the session has ended (who, when, the transcript, the host's events).
 */
const loadEndButton = () => import('./session-chat-end-button/session-chat-end-button.js');
let details: typeof import('./session-chat-ended/session-end-details.js') | undefined;
const loadDetails = () => import('./session-chat-ended/session-end-details.js').then((module) => (details = module));

/** What the controller reads from its host (`<session-chat>`). */
export interface SessionEndHost extends ReactiveControllerHost, HTMLElement {
  /** The client in use. */
  readonly client: SessionClient | null;
  /** The relay's base URL: the transcript's relative URLs resolve against it (else the page). */
  readonly server: string;
  /** The viewer's join token: links that open the transcript carry it (`?token=`). */
  readonly token: string;
}

/**
 * The end of a session as a widget sees it: who may end it, who ended it and when, the
 * transcript's URLs for those who may read it, and the host's `session-ended` and
 * `transcript-ready` events, each fired once per client (live, or found in the history on join).
 * What follows an end loads with the banner as soon as the session is known to have ended:
 * until then `ended`, `transcriptUrls` and `transcriptLinks` are null.
 */
export class SessionEndController implements ReactiveController {
  private readonly host: SessionEndHost;
  private readonly localize: LocalizeController;
  /** The relay's refusal of this viewer, if any (a customer opening an ended session learns who ended it). */
  private readonly refusal: () => SessionChatError | null;
  /** The client whose events are watched (for the reason a live or replayed end gave). */
  private watched: SessionClient | null = null;
  private readonly reasons = new WeakMap<SessionClient, SessionEndReason>();
  private readonly endedFired = new WeakSet<SessionClient>();
  private readonly transcriptFired = new WeakSet<SessionClient>();

  private readonly onEvent = (e: SessionClientEventMap['event']): void => {
    const { event } = e.detail;
    if (event.type === 'session.ended' && event.reason && this.watched) this.reasons.set(this.watched, event.reason);
  };

  constructor(host: SessionEndHost, localize: LocalizeController, refusal: () => SessionChatError | null = () => null) {
    this.host = host;
    this.localize = localize;
    this.refusal = refusal;
    host.addController(this);
  }

  /** The viewer may end the session now: a technician or an admin, in a session still open. */
  get canEnd(): boolean {
    const client = this.host.client;
    return !!client?.me && mayEndSession(client.me) && client.state.ended === null && client.connectionState !== 'closed';
  }

  /** The viewer may read transcripts (technicians and admins). */
  get readsTranscripts(): boolean {
    const me = this.host.client?.me;
    return !!me && mayReadTranscripts(me);
  }

  /** Who ended the session, when and why; null while it is open (or not known to have ended). */
  get ended(): SessionEndedEventDetail | null {
    const client = this.host.client;
    return client && details ? details.endedDetail(client, this.reasons.get(client), this.refusal(), this.localize) : null;
  }

  /** The transcript's absolute URLs, once the relay wrote it and only for those who may read it. */
  get transcriptUrls(): TranscriptReadyEventDetail['urls'] | null {
    return details && this.readsTranscripts ? details.transcriptUrls(this.host) : null;
  }

  /**
   * Links that open the transcript in a new tab: they carry the viewer's token, since a link
   * cannot send a header. Null without a `token` (a host-provided client) or before it is written.
   */
  get transcriptLinks(): { txt: string; html: string } | null {
    const urls = this.transcriptUrls;
    return urls && this.host.token ? details!.withToken(urls, this.host.token) : null;
  }

  /** The "End session" button while the viewer may end the session; a confirmed end calls `end`. */
  renderButton(end: () => void) {
    if (!this.canEnd) return nothing;
    return html`<session-chat-end-button
      exportparts="button:end-session-button,dialog:end-dialog,confirm-button:end-confirm-button"
      @chat-end-session=${(event: ChatEndSessionEvent) => {
        event.stopPropagation();
        end();
      }}
    ></session-chat-end-button>`;
  }

  hostUpdate(): void {
    const client = this.host.client;
    if (this.canEnd) void loadEndButton();
    if ((client?.state.ended || this.refusal()?.ended) && !details) void loadDetails().then(() => this.host.requestUpdate());
    if (client === this.watched) return;
    this.watched?.removeEventListener('event', this.onEvent);
    this.watched = client;
    client?.addEventListener('event', this.onEvent);
  }

  hostUpdated(): void {
    const client = this.host.client;
    if (!client || !details) return;
    const ended = this.ended;
    if (ended && !this.endedFired.has(client)) {
      this.endedFired.add(client);
      this.host.dispatchEvent(details.endedEvent(ended));
    }
    const urls = this.transcriptUrls;
    if (urls && !this.transcriptFired.has(client)) {
      this.transcriptFired.add(client);
      this.host.dispatchEvent(details.transcriptEvent(urls));
    }
  }

  hostDisconnected(): void {
    this.watched?.removeEventListener('event', this.onEvent);
    this.watched = null;
  }
}

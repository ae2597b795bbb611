import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { SessionClient } from '../../client/index.js';
import { httpUrl } from '../../client/relay-url.js';
import type { SessionClientEventMap } from '../../client/types.js';
import {
  HOST_ACTOR_ID,
  RELAY_ACTOR_ID,
  endReasonOf,
  mayEndSession,
  mayReadTranscripts,
  type SessionChatError,
  type SessionEndReason,
} from '../../protocol/index.js';
import { ChatSessionEndedEvent, type SessionEndedBy, type SessionEndedEventDetail } from '../events/session-ended.js';
import { ChatTranscriptReadyEvent, type TranscriptReadyEventDetail } from '../events/transcript-ready.js';
import type { LocalizeController } from '../localize/localize.js';

/**
 * Parts only some viewers ever need are chunks of their own, so a customer's first load carries
 * neither: the "End session" button (technicians and admins) and the banner (once ended).
 */
const loadEndButton = () => import('../session-chat-end-button/session-chat-end-button.js');
const loadEndedBanner = () => import('../session-chat-ended/session-chat-ended.js');

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
    const ended = client?.state.ended;
    if (client && ended) return { by: this.actor(client, ended.by), at: ended.at, reason: this.reasons.get(client) ?? endReasonOf(ended.by) };
    // Refused because it ended (a customer opening the link later): the relay said who and when.
    const notice = this.refusal()?.ended;
    if (!client || !notice) return null;
    const { id, name, role } = notice.by;
    const by = notice.reason === 'participant' ? { id, name: name ?? this.localize.term('unknownParticipant'), role } : this.actor(client, id);
    return { by, at: notice.at, reason: notice.reason };
  }

  /** The transcript's absolute URLs, once the relay wrote it and only for those who may read it. */
  get transcriptUrls(): TranscriptReadyEventDetail['urls'] | null {
    const transcript = this.host.client?.state.transcript;
    if (!transcript || !this.readsTranscripts) return null;
    return { txt: this.absolute(transcript.txt), json: this.absolute(transcript.json), html: this.absolute(transcript.html) };
  }

  /**
   * Links that open the transcript in a new tab: they carry the viewer's token, since a link
   * cannot send a header. Null without a `token` (a host-provided client) or before it is written.
   */
  get transcriptLinks(): { txt: string; html: string } | null {
    const urls = this.transcriptUrls;
    const token = this.host.token;
    if (!urls || !token) return null;
    const withToken = (href: string) => {
      const url = new URL(href);
      url.searchParams.set('token', token);
      return url.href;
    };
    return { txt: withToken(urls.txt), html: withToken(urls.html) };
  }

  hostUpdate(): void {
    const client = this.host.client;
    if (this.canEnd) void loadEndButton();
    if (client?.state.ended || this.refusal()?.ended) void loadEndedBanner();
    if (client === this.watched) return;
    this.watched?.removeEventListener('event', this.onEvent);
    this.watched = client;
    client?.addEventListener('event', this.onEvent);
  }

  hostUpdated(): void {
    const client = this.host.client;
    if (!client) return;
    const ended = this.ended;
    if (ended && !this.endedFired.has(client)) {
      this.endedFired.add(client);
      this.host.dispatchEvent(new ChatSessionEndedEvent(ended));
    }
    const urls = this.transcriptUrls;
    if (urls && !this.transcriptFired.has(client)) {
      this.transcriptFired.add(client);
      this.host.dispatchEvent(new ChatTranscriptReadyEvent({ urls }));
    }
  }

  hostDisconnected(): void {
    this.watched?.removeEventListener('event', this.onEvent);
    this.watched = null;
  }

  private actor(client: SessionClient, id: string): SessionEndedBy {
    const l = this.localize;
    if (id === HOST_ACTOR_ID) return { id, name: l.term('endedByHost'), role: null };
    if (id === RELAY_ACTOR_ID) return { id, name: l.term('endedByRelay'), role: null };
    const known = client.state.participants.find((p) => p.id === id) ?? (client.me?.id === id ? client.me : undefined);
    return known ? { id, name: known.name, role: known.role } : { id, name: l.term('unknownParticipant'), role: null };
  }

  private absolute(path: string): string {
    const server = this.host.server;
    if (server) {
      try {
        return httpUrl(server, path);
      } catch {
        /* not a URL: resolve against the page */
      }
    }
    return new URL(path, document.baseURI).href;
  }
}

/**
 * What `SessionEndController` knows once a session has ended, loaded with the banner that shows
 * it (this module registers `<session-chat-ended>`): who ended it and why (from the log, or
 * from the relay's refusal of a customer who opened an ended session), the transcript's URLs,
 * and the host's `session-ended` and `transcript-ready` events.
 */
import type { SessionClient } from '../../../client/index.js';
import { httpUrl } from '../../../client/relay-url.js';
import { HOST_ACTOR_ID, RELAY_ACTOR_ID, endReasonOf, type SessionChatError, type SessionEndReason } from '../../../protocol/index.js';
import type { SessionEndHost } from '../session-end-controller.js';
import { ChatSessionEndedEvent, type SessionEndedBy, type SessionEndedEventDetail } from '../../shared/events/session-ended.js';
import { ChatTranscriptReadyEvent, type TranscriptReadyEventDetail } from '../../shared/events/transcript-ready.js';
import type { LocalizeController } from '../../shared/localize/localize.js';
import './session-chat-ended.js';

function actor(client: SessionClient, id: string, l: LocalizeController): SessionEndedBy {
  if (id === HOST_ACTOR_ID) return { id, name: l.term('endedByHost'), role: null };
  if (id === RELAY_ACTOR_ID) return { id, name: l.term('endedByRelay'), role: null };
  const known = client.state.participants.find((p) => p.id === id) ?? (client.me?.id === id ? client.me : undefined);
  return known ? { id, name: known.name, role: known.role } : { id, name: l.term('unknownParticipant'), role: null };
}

/** Who ended the session, when and why; null while it is open (or not known to have ended). */
export function endedDetail(
  client: SessionClient,
  reason: SessionEndReason | undefined,
  refusal: SessionChatError | null,
  l: LocalizeController,
): SessionEndedEventDetail | null {
  const ended = client.state.ended;
  if (ended) return { by: actor(client, ended.by, l), at: ended.at, reason: reason ?? endReasonOf(ended.by) };
  // Refused because it ended (a customer opening the link later): the relay said who and when.
  const notice = refusal?.ended;
  if (!notice) return null;
  const { id, name, role } = notice.by;
  const by = notice.reason === 'participant' ? { id, name: name ?? l.term('unknownParticipant'), role } : actor(client, id, l);
  return { by, at: notice.at, reason: notice.reason };
}

/** The transcript's absolute URLs, once the relay wrote it (the caller checks who may read them). */
export function transcriptUrls(host: SessionEndHost): TranscriptReadyEventDetail['urls'] | null {
  const transcript = host.client?.state.transcript;
  if (!transcript) return null;
  const absolute = (path: string): string => {
    if (host.server) {
      try {
        return httpUrl(host.server, path);
      } catch {
        /* not a URL: resolve against the page */
      }
    }
    return new URL(path, document.baseURI).href;
  };
  return { txt: absolute(transcript.txt), json: absolute(transcript.json), html: absolute(transcript.html) };
}

/** The same URLs carrying the viewer's token (a link cannot send a header). */
export function withToken(urls: TranscriptReadyEventDetail['urls'], token: string): { txt: string; html: string } {
  const sign = (href: string) => {
    const url = new URL(href);
    url.searchParams.set('token', token);
    return url.href;
  };
  return { txt: sign(urls.txt), html: sign(urls.html) };
}

export const endedEvent = (detail: SessionEndedEventDetail): Event => new ChatSessionEndedEvent(detail);
export const transcriptEvent = (urls: TranscriptReadyEventDetail['urls']): Event => new ChatTranscriptReadyEvent({ urls });

/** What `invite-request` carries: who the technician adds, and how the host answers with a join link. */
export interface InviteRequestEventDetail {
  /** A second technician, or a colleague of the customer. */
  role: 'technician' | 'customer';
  /** The name the technician typed (what the others will see). */
  name: string;
  /**
   * The host's answer: the join link for the new participant (its backend mints the token, as
   * for the first link), or a promise of it. Call it during the event; a rejected promise shows
   * its message. Without an answer the widget asks the relay for a token itself and builds the
   * link from the element's `invite-url` (else it says adding participants is not set up).
   */
  respondWith(link: string | Promise<string>): void;
}

/**
 * A technician (or admin) asked to add a participant with "Add participant". Fired on
 * `<session-chat>`; answer with `event.detail.respondWith(linkOrPromise)`.
 */
export class InviteRequestEvent extends CustomEvent<InviteRequestEventDetail> {
  constructor(detail: InviteRequestEventDetail) {
    super('invite-request', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'invite-request': InviteRequestEvent;
  }
}

export interface UnreadChangeEventDetail {
  /** Others' messages this participant has not seen yet (0 once read). */
  count: number;
}

/**
 * The number of unread messages changed: they arrive while the page is hidden, the element is
 * `minimized` or the log is scrolled up, and are read once the newest message is seen.
 */
export class UnreadChangeEvent extends CustomEvent<UnreadChangeEventDetail> {
  constructor(detail: UnreadChangeEventDetail) {
    super('unread-change', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'unread-change': UnreadChangeEvent;
  }
}

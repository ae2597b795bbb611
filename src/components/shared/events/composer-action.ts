/** What `composer-action` carries. */
export interface ComposerActionEventDetail {
  /** The `id` of the host's composer button pressed (an item of `composerActions`). */
  action: string;
  /** What is typed in the composer at that moment (the host may replace it with `insertText`). */
  draft: string;
}

/** The user pressed one of the host's own composer buttons (`composerActions`). */
export class ComposerActionEvent extends CustomEvent<ComposerActionEventDetail> {
  constructor(detail: ComposerActionEventDetail) {
    super('composer-action', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'composer-action': ComposerActionEvent;
  }
}

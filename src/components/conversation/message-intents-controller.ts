import { nothing } from 'lit';
import type { ChatIntentEvent } from '../shared/events/chat-intent.js';
import type { ChatActions, ChatActionsHost, ChatIntentRoutes } from './chat-actions.js';

/** What to do with an intent is a chunk of its own (`chat-actions.ts`), fetched with the first one. */
const loadActions = () => import('./chat-actions.js');

/**
 * What a message reports (`chat-intent`), decided by `<session-chat>`: the event stops here; a
 * reply goes to the composer at once, and the rest of the work (`chat-actions.ts`: the client
 * calls, the log's quote, the reminders, the host's `message-action`, the delete confirmation,
 * the emoji picker, copying) loads with the first other intent.
 */
export class MessageIntentsController {
  private readonly host: ChatActionsHost;
  private readonly routes: ChatIntentRoutes;
  private actions: ChatActions | null = null;

  constructor(host: ChatActionsHost, routes: ChatIntentRoutes) {
    this.host = host;
    this.routes = routes;
  }

  readonly onIntent = (event: ChatIntentEvent): void => {
    event.stopPropagation();
    const detail = event.detail;
    // A reply shows its bar at once (the composer takes the focus); the rest can wait for the chunk.
    if (detail.intent === 'reply') return this.routes.reply(detail.message.id);
    void loadActions().then(({ ChatActions }) => (this.actions ??= new ChatActions(this.host, this.routes)).run(detail));
  };

  /** The text of the notice live region ("Copied"). */
  renderNotice() {
    return this.actions ? this.actions.renderNotice() : nothing;
  }

  /** The delete confirmation and the emoji picker's dialog, once used. */
  renderDialogs() {
    return this.actions ? this.actions.renderDialogs() : nothing;
  }
}

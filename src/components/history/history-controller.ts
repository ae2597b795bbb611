import { nothing } from 'lit';
import type { ChatHost } from '../shared/client-follower.js';
import type { HistoryFeature, HistoryLog } from './session-chat-history/history-feature.js';

/** The history's buttons, status and loading are a chunk, fetched once a session has older events than it loaded. */
const loadHistory = () => import('./session-chat-history/history-feature.js');

/**
 * Earlier messages of a long session: a join loads the last page of the log; once the client
 * has older events than it loaded, the chunk comes and shows the period buttons at the top of
 * the log, and the log's top loads the page before (see `history-feature.ts`).
 */
export class HistoryController {
  private feature: HistoryFeature | null = null;
  private fetching = false;

  constructor(
    private readonly host: ChatHost,
    private readonly log: () => HistoryLog | null | undefined,
    private readonly now: () => number,
  ) {}

  /** The log's top came into view: load the page before the oldest one held. */
  nearTop(): void {
    this.feature?.nearTop();
  }

  /** A quote led to a message older than those loaded: true once it is loaded (see `history-feature.ts`). */
  loadMessage(id: string): Promise<boolean> {
    return this.feature?.loadMessage(id) ?? Promise.resolve(false);
  }

  /** The buttons and the status, at the top of the log. */
  render(): unknown {
    if (this.feature) return this.feature.render();
    if (this.host.client?.hasOlder && !this.fetching) {
      this.fetching = true;
      void loadHistory().then(({ createHistory }) => {
        this.feature = createHistory(this.host, this.log, this.now);
        this.host.requestUpdate();
      });
    }
    return nothing;
  }
}

export interface TranscriptReadyEventDetail {
  /**
   * Absolute URLs of the transcript in each format, resolved against the element's `server`.
   * They need a technician's or admin's token (`Authorization: Bearer …` or `?token=`).
   */
  urls: { txt: string; json: string; html: string };
}

/**
 * The relay wrote the session's transcript. Fired once, only in the widget of a technician or an
 * admin (customers may not read transcripts, and are disconnected when the session ends).
 */
export class ChatTranscriptReadyEvent extends CustomEvent<TranscriptReadyEventDetail> {
  constructor(detail: TranscriptReadyEventDetail) {
    super('transcript-ready', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'transcript-ready': ChatTranscriptReadyEvent;
  }
}

import type { ConnectionState } from '../../../client/types.js';

export interface ConnectionChangeEventDetail {
  /** The new state: `idle`, `connecting`, `live`, `reconnecting` or `closed`. */
  state: ConnectionState;
}

/** The connection to the relay changed state. */
export class ConnectionChangeEvent extends CustomEvent<ConnectionChangeEventDetail> {
  constructor(detail: ConnectionChangeEventDetail) {
    super('connection-change', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'connection-change': ConnectionChangeEvent;
  }
}

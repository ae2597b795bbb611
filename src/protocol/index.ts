/**
 * The wire protocol shared by the client and the relay: frames, logged events, validation,
 * numbered codes, the pure reducer and the rules that decide intents. Imports nothing else.
 */
export * from './version.js';
export * from './codes.js';
export * from './errors.js';
export * from './participants.js';
export * from './events.js';
export * from './frames.js';
export * from './limits.js';
export * from './ids.js';
export * from './encode.js';
export * from './files.js';
export * from './media.js';
export * from './invites.js';
export * from './emoji.js';
export * from './validate.js';
export * from './state.js';
export * from './reducer.js';
export * from './rules.js';
export * from './compact-state.js';
export * from './receipts.js';
export * from './end-notice.js';
export * from './history.js';
export * from './transfer-pipe.js';
export * from './earlier-sessions.js';
export * from './live-transfers.js';

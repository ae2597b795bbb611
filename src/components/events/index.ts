export * from './chat-message.js';
export * from './connection-change.js';
export * from './chat-error.js';
export * from './chat-send.js';
export * from './chat-intent.js';
export * from './message-action.js';

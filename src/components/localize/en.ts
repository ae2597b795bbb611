/**
 * The English strings of every component: the reference table. A translation provides the
 * same keys; `{name}` placeholders are filled from the params given to `term()`.
 */
export const en = {
  messages: 'Messages',
  message: 'Message',
  messagePlaceholder: 'Write a message…',
  send: 'Send',
  sending: 'Sending…',
  newMessages: 'New messages',
  noMessages: 'No messages yet',
  participants: 'Participants',
  you: '{name} (you)',
  unknownParticipant: 'Unknown participant',
  online: 'online',
  offline: 'offline',
  edited: 'edited',
  deleted: 'This message was deleted.',
  sharedFile: 'Shared a file: {name}',
  'role.technician': 'Technician',
  'role.customer': 'Customer',
  'role.admin': 'Admin',
  'connection.idle': 'Not connected',
  'connection.connecting': 'Connecting…',
  'connection.live': 'Connected',
  'connection.reconnecting': 'Reconnecting…',
  'connection.closed': 'Disconnected',
  'error.generic': 'Something went wrong ({code}).',
  'error.TOKEN_EXPIRED': 'Your access to this chat has expired.',
  'error.TOKEN_INVALID': 'Your access to this chat is not valid.',
  'error.TOKEN_MISSING': 'Your access to this chat is missing.',
  'error.SESSION_ENDED': 'This session has ended.',
  'error.RATE_LIMITED': 'You are sending too fast. Please wait a moment.',
  'error.TEXT_TOO_LONG': 'That message is too long.',
  'error.CONNECTION_LOST': 'The connection was lost.',
};

export type TranslationKey = keyof typeof en;
export type Translation = Record<TranslationKey, string>;

import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { SessionChat as SessionChatElement } from '../index.js';
import type { SessionChatEventMap } from './session-chat-events.js';

/** Tells `createComponent` which event class a DOM event name carries. */
const event = <K extends keyof SessionChatEventMap>(name: K) => name as EventName<SessionChatEventMap[K]>;

/**
 * The element's events as React props: the DOM event `a-b` is the prop `onAB`
 * (`chat-message` is `onChatMessage`), and the handler gets the element's event with its typed `detail`.
 */
export const sessionChatEvents = {
  onChatMessage: event('chat-message'),
  onMessageAction: event('message-action'),
  onConnectionChange: event('connection-change'),
  onChatError: event('chat-error'),
  onSessionEnded: event('session-ended'),
  onTranscriptReady: event('transcript-ready'),
  onUnreadChange: event('unread-change'),
  onSettingsChange: event('settings-change'),
};

/**
 * `<session-chat>` for React: its properties (`server`, `token`, `client`, `messageActions`,
 * `minimized`…) are props, set as properties on the element; its events are the `on…` props of
 * {@link sessionChatEvents}; a `ref` gets the element.
 */
export const SessionChat = createComponent({
  tagName: 'session-chat',
  elementClass: SessionChatElement,
  react: React,
  events: sessionChatEvents,
  displayName: 'SessionChat',
});

/** The props of {@link SessionChat}. */
export type SessionChatProps = React.ComponentProps<typeof SessionChat>;

import type * as React from 'react';
import type { SessionChat } from '../index.js';
import type { SessionChatEventMap } from './session-chat-events.js';

/** The element's public properties that a host sets from JSX (React 19 sets them as properties). */
type SessionChatProperties = Partial<
  Pick<
    SessionChat,
    | 'server'
    | 'token'
    | 'client'
    | 'messageActions'
    | 'emojiDataUrl'
    | 'showJoinLeave'
    | 'minimized'
    | 'enterToSend'
    | 'sendTyping'
    | 'sound'
    | 'systemNotifications'
    | 'alwaysScrollToEnd'
    | 'clock'
  >
>;

/** React 19 adds a listener for the DOM event `name` from the prop `on` + `name` on a custom element. */
type SessionChatEventProps = {
  [K in keyof SessionChatEventMap as `on${K}`]?: (event: SessionChatEventMap[K]) => void;
};

/** What `<session-chat …>` accepts in React 19 JSX. */
export type SessionChatIntrinsicProps = React.DetailedHTMLProps<React.HTMLAttributes<SessionChat>, SessionChat> &
  SessionChatProperties &
  SessionChatEventProps;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'session-chat': SessionChatIntrinsicProps;
    }
  }
}

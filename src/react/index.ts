/**
 * `session-chat/react`: `<session-chat>` as a React component (`SessionChat`, made with
 * `@lit/react`), and the `<session-chat>` tag in React 19 JSX. The element itself comes from the
 * `session-chat` entry, which registers it once.
 */
export { SessionChat, sessionChatEvents, type SessionChatProps } from './session-chat-react.js';
export type { SessionChatEventMap } from './session-chat-events.js';
export type { SessionChatIntrinsicProps } from './jsx.js';

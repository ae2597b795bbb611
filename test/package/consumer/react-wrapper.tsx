// React 19 JSX with `session-chat/react`: the wrapper's props and events, and the bare tag.
import { useRef } from 'react';
import type { ChatMessageEvent, SessionChat as SessionChatElement } from 'session-chat';
import { SessionChat, type SessionChatProps } from 'session-chat/react';

const props: SessionChatProps = { server: 'https://relay.example.com', token: 'a.b.c', minimized: true };

export function Chat({ token }: { token: string }) {
  const ref = useRef<SessionChatElement>(null);
  return (
    <>
      <SessionChat
        ref={ref}
        {...props}
        token={token}
        messageActions={[{ id: 'ticket', label: 'Create ticket' }]}
        onChatMessage={(event) => {
          const typed: ChatMessageEvent = event;
          console.log(typed.detail.message.text);
        }}
        onUnreadChange={(event) => console.log(event.detail.count.toFixed(0))}
        onSessionEnded={(event) => console.log(event.detail.reason)}
      />
      <SessionChat
        // @ts-expect-error: `server` is a string
        server={8080}
      />
      <SessionChat
        // @ts-expect-error: the unread count is a number
        onUnreadChange={(event) => event.detail.count.toUpperCase()}
      />
      <session-chat
        ref={ref}
        server="https://relay.example.com"
        token={token}
        onchat-message={(event) => console.log(event.detail.own)}
      />
      <session-chat
        // @ts-expect-error: `token` is a string
        token={42}
      />
    </>
  );
}

// A browser program that loads every browser-side entry point (their declarations are checked:
// skipLibCheck is off) and uses the types across them.
import * as root from 'session-chat';
import * as bundle from 'session-chat/bundle';
import * as client from 'session-chat/client';

// The element of `session-chat` and of `session-chat/bundle` is one type; its client is the
// headless client's.
const element = document.createElement('session-chat');
const fromRoot: root.SessionChat = element;
const fromBundle: bundle.SessionChat = element;
const current: client.SessionClient | null = element.client;
element.server = 'https://relay.example.com';
// @ts-expect-error: `server` is a string
element.server = 8080;

// Events are typed on the element and on the client.
element.addEventListener('chat-message', (event) => {
  const text: string = event.detail.message.text;
  const own: boolean = event.detail.own;
  console.log(text, own);
});
element.addEventListener('unread-change', (event) => {
  // @ts-expect-error: the unread count is a number
  event.detail.count.toUpperCase();
});

// The browser's WebSocket fits the client's option as it is.
const headless = new client.SessionClient({ server: 'https://relay.example.com', token: 'a.b.c', WebSocket });
headless.addEventListener('connectionchange', (event) => console.log(event.detail.state));
headless.addEventListener('event', (event) => console.log(event.detail.event.seq), { once: true });

// A socket class whose close event has no numeric code is refused.
class WrongSocket {
  readyState = 0;
  onopen = null;
  onmessage = null;
  onerror = null;
  onclose: ((event: { code: string; reason: string }) => void) | null = null;
  send(data: string): void {
    console.log(data);
  }
  close(): void {}
}
// @ts-expect-error: close codes are numbers
new client.SessionClient({ server: 'https://relay.example.com', token: 'a.b.c', WebSocket: WrongSocket });

root.registerTranslation('de', { send: 'Senden' });
export { fromRoot, fromBundle, current };

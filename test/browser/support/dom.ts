import type { SessionChat } from '../../../src/components/session-chat/session-chat.component.js';
import type { SessionChatMessage } from '../../../src/components/conversation/session-chat-message/session-chat-message.component.js';

export interface RenderedMessage {
  author: string;
  text: string;
  own: boolean;
  pending: boolean;
  element: SessionChatMessage;
}

/** The shadow root of the element's message list (`<session-chat-log>`): messages, lines, the log itself. */
export function logRoot(el: SessionChat): ParentNode {
  return el.shadowRoot?.querySelector('session-chat-log')?.shadowRoot ?? document.createDocumentFragment();
}

/** Every message the element shows, log first then pending, as the user sees them. */
export function renderedMessages(el: SessionChat): RenderedMessage[] {
  return [...logRoot(el).querySelectorAll('session-chat-message')].map((element) => ({
    author: element.shadowRoot!.querySelector('[part="author"]')?.textContent ?? '',
    text: element.shadowRoot!.querySelector('[part="text"]')?.textContent ?? '',
    own: element.own,
    pending: element.pending,
    element,
  }));
}

export function composerTextarea(el: SessionChat): HTMLTextAreaElement {
  return el.shadowRoot!.querySelector('session-chat-composer')!.shadowRoot!.querySelector('textarea')!;
}

export function sendButton(el: SessionChat): HTMLButtonElement {
  return el.shadowRoot!.querySelector('session-chat-composer')!.shadowRoot!.querySelector<HTMLButtonElement>('[part~="send-button"]')!;
}

export function logElement(el: SessionChat): HTMLElement {
  return logRoot(el).querySelector('[role="log"]')!;
}

export function statusText(el: SessionChat): string {
  return el.shadowRoot!.querySelector('[part="status"]')!.textContent!.replace(/\s+/g, ' ').trim();
}

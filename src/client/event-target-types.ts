/**
 * The listener and options parameters of `addEventListener` / `removeEventListener` as the
 * program's own `EventTarget` declares them: the DOM lib's in a browser program, @types/node's in
 * a server-only one, which has no `AddEventListenerOptions` nor `EventListenerOrEventListenerObject`.
 * The client's typed listener overloads use these, so its declarations compile with and without
 * the DOM lib.
 */
export type ListenerArgument = Parameters<EventTarget['addEventListener']>[1];
export type AddListenerOptions = Parameters<EventTarget['addEventListener']>[2];
export type RemoveListenerOptions = Parameters<EventTarget['removeEventListener']>[2];

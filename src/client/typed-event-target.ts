import type { AddListenerOptions, ListenerArgument, RemoveListenerOptions } from './event-target-types.js';

/** A map of event names to the `CustomEvent`s dispatched under them. */
export type CustomEventMap<M> = { [K in keyof M]: CustomEvent<unknown> };

export interface TypedEventTarget<M extends CustomEventMap<M>> {
  addEventListener<K extends keyof M & string>(type: K, listener: (event: M[K]) => void, options?: AddListenerOptions): void;
  addEventListener(type: string, listener: ListenerArgument, options?: AddListenerOptions): void;
  removeEventListener<K extends keyof M & string>(type: K, listener: (event: M[K]) => void, options?: RemoveListenerOptions): void;
  removeEventListener(type: string, listener: ListenerArgument, options?: RemoveListenerOptions): void;
}

/**
 * An `EventTarget` whose listeners are typed by the event map `M` (`addEventListener('change',
 * (e) => e.detail.state)`), dispatching `CustomEvent`s with a typed `detail`.
 */
export class TypedEventTarget<M extends CustomEventMap<M>> extends EventTarget {
  protected dispatch<K extends keyof M & string>(type: K, detail: M[K]['detail']): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

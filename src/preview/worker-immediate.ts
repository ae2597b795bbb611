/**
 * `setImmediate` for the docx worker, imported before mammoth. mammoth's zip reader (JSZip)
 * takes `setImmediate` when it exists and else waits with `setTimeout(fn, 0)` between the
 * steps of every part it reads; browsers clamp nested timeouts to 4 ms, so a document of a
 * dozen parts spent about 100 ms waiting (tables.docx: 95–200 ms in the worker, its
 * conversion a few). A MessageChannel message runs as soon as the worker is free, in order.
 */
const tasks: (() => void)[] = [];
const channel = new MessageChannel();
channel.port1.onmessage = () => tasks.shift()?.();

const scope = globalThis as { setImmediate?: unknown };
if (typeof scope.setImmediate !== 'function') {
  scope.setImmediate = (callback: (...args: unknown[]) => void, ...args: unknown[]): void => {
    tasks.push(() => callback(...args));
    channel.port2.postMessage(null);
  };
}

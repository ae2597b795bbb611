/**
 * Loads the tus transfer module (and with it tus-js-client) on the first upload, once: a
 * dynamic `import()`, so none of it is in the widget's first load.
 */
export type TusTransferModule = typeof import('./tus-transfer.js');

let loading: Promise<TusTransferModule> | null = null;

export function loadTusTransfer(): Promise<TusTransferModule> {
  loading ??= import('./tus-transfer.js').catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

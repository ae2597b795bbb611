import type { TransferSink } from '../../client/live-transfers/transfer-receiver.js';

/** A sink and, for one written to the browser's own storage, the link to save it once complete. */
export interface ChosenSink {
  sink: TransferSink;
  /** Where the finished file is (an object URL of the stored file), to offer "Save"; null when the user chose the file already. */
  saved(): Promise<string | null>;
}

interface SavePicker {
  showSaveFilePicker?: (options: { suggestedName: string }) => Promise<FileSystemFileHandle>;
}

/** A writable file stream as a sink (what the picker and the origin's storage both give). */
function streamSink(writable: FileSystemWritableFileStream): TransferSink {
  return {
    write: (chunk) => writable.write(chunk),
    close: () => writable.close(),
    abort: () => writable.abort(),
  };
}

/**
 * Where an accepted live transfer is written as it arrives, never held in memory: a file the
 * user chooses (`showSaveFilePicker`, Chromium browsers), else the origin's private file system
 * (on disk; every current browser), from which "Save" downloads the finished file. Call it in the
 * click that accepted (the picker needs that gesture). Rejects when the user closes the picker.
 */
export async function chooseSink(transferId: string, name: string): Promise<ChosenSink> {
  const picker = (globalThis as SavePicker).showSaveFilePicker;
  if (picker) {
    const handle = await picker({ suggestedName: name });
    return { sink: streamSink(await handle.createWritable()), saved: async () => null };
  }
  const root = await navigator.storage.getDirectory();
  const fileName = `session-chat-transfer-${transferId}`;
  const handle = await root.getFileHandle(fileName, { create: true });
  return {
    sink: streamSink(await handle.createWritable()),
    saved: async () => URL.createObjectURL(await handle.getFile()),
  };
}

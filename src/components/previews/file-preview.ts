/**
 * What the preview dialog needs from a session, loaded with the dialog (the first "Preview"):
 * registers `<session-chat-preview-dialog>` and lists the session's previewable files.
 */
import './session-chat-preview-dialog/session-chat-preview-dialog.js';
import type { SessionClient } from '../../client/index.js';
import { prefersRendition, previewKindOf } from '../../preview/preview-kind.js';
import type { PreviewFile } from '../shared/preview-file.js';
import { chatView } from '../shared/chat-view.js';

/** Every shared file still there that a previewer can show, oldest first, with its download URL and who shared it. */
export function previewFiles(client: SessionClient, unknownName: string): PreviewFile[] {
  const { authors } = chatView(client);
  const files: PreviewFile[] = [];
  for (const message of client.state.messages) {
    const file = message.file;
    if (!file || file.removed) continue;
    const rendition = prefersRendition(file) ? client.renditionUrl(file) : undefined;
    if (!rendition && previewKindOf(file) === 'none') continue;
    files.push({
      ...(rendition ? { rendition } : {}),
      id: file.id,
      name: file.name,
      size: file.size,
      type: file.type,
      sharedBy: authors.get(message.from)?.name ?? unknownName,
      url: client.fileUrl(file.id),
    });
  }
  return files;
}

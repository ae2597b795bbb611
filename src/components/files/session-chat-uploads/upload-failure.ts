import type { UploadHandle } from '../../../client/index.js';
import { ErrorCodes, type FileLimits } from '../../../protocol/index.js';
import { formatBytes } from '../../shared/file-size.js';
import type { LocalizeController } from '../../shared/localize/localize.js';
// The strings this lazy part shows.
import '../../shared/localize/en-more.js';
import { displayName } from '../../shared/display-name.js';

/** Refusals that trying again cannot fix. */
const FINAL: readonly number[] = [ErrorCodes.FILE_TOO_LARGE, ErrorCodes.FILE_TYPE_REFUSED, ErrorCodes.SESSION_ENDED, ErrorCodes.CLIENT_CLOSED];

/** Whether "Retry" can help a failed upload. */
export function mayRetry(handle: UploadHandle): boolean {
  return handle.state === 'failed' && !FINAL.includes(handle.error?.code ?? 0);
}

/** Why an upload failed, in a sentence that names the file ("report.pdf is larger than the 1 GB limit."). */
export function uploadFailure(handle: UploadHandle, limits: FileLimits, localize: LocalizeController): string {
  const name = displayName(handle.name);
  switch (handle.error?.code) {
    case ErrorCodes.FILE_TOO_LARGE:
      return localize.term('files.tooLarge', { name, limit: formatBytes(limits.maxFileBytes, localize.lang) });
    case ErrorCodes.FILE_TYPE_REFUSED:
      return localize.term('files.typeRefused', { name });
    case ErrorCodes.SESSION_ENDED:
      return localize.term('error.SESSION_ENDED');
    default:
      return localize.term('files.failed', { name });
  }
}

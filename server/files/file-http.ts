import type { ServerResponse } from 'node:http';
import { ErrorCodes } from '../../src/protocol/index.js';
import { errorBody, httpStatusOf } from '../auth.js';
import { sendJson } from '../http-response.js';

/** HTTP status of a refusal on the file routes (the file codes, then the relay's usual ones). */
export function fileStatusOf(code: number): number {
  switch (code) {
    case ErrorCodes.FILE_TOO_LARGE:
      return 413;
    case ErrorCodes.FILE_TYPE_REFUSED:
      return 415;
    case ErrorCodes.UPLOAD_NOT_FOUND:
      return 404;
    case ErrorCodes.UPLOAD_INCOMPLETE:
    case ErrorCodes.UPLOAD_BUSY:
      return 409;
    case ErrorCodes.SESSION_ENDED:
      return 403;
    case ErrorCodes.RENDITION_FAILED:
      return 422;
    default:
      return httpStatusOf(code);
  }
}

/** Answers with the relay's JSON refusal `{ code, name, message }` and its status. */
export function refuse(res: ServerResponse, code: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, fileStatusOf(code), errorBody(code, message), headers);
}

import { createHash } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

/** One HTTP request with Node's client (which refuses malformed headers, so a pass means well-formed). */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string | number> = {},
  body?: Buffer | string,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const buffer = Buffer.concat(chunks);
        let json: unknown;
        try {
          json = JSON.parse(buffer.toString('utf8'));
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: buffer, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function sha256(data: Buffer | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `key base64,key base64` as tus clients send it (values are raw bytes as UTF-8, hostile ones included). */
export function tusMetadata(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key} ${Buffer.from(value, 'utf8').toString('base64')}`)
    .join(',');
}

export function uploadsUrl(base: string, sessionId: string): string {
  return `${base}/api/sessions/${encodeURIComponent(sessionId)}/uploads`;
}

export function fileUrl(base: string, sessionId: string, fileId: string, query = ''): string {
  return `${base}/api/sessions/${encodeURIComponent(sessionId)}/files/${fileId}${query}`;
}

/** `POST …/uploads` (tus creation). */
export function createUpload(
  base: string,
  sessionId: string,
  token: string | undefined,
  length: number,
  metadata: Record<string, string> = {},
  extra: Record<string, string> = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { 'Tus-Resumable': '1.0.0', 'Upload-Length': String(length), ...extra };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (Object.keys(metadata).length > 0) headers['Upload-Metadata'] = tusMetadata(metadata);
  return rawRequest(uploadsUrl(base, sessionId), 'POST', headers);
}

/** The absolute URL of a created upload (its Location is relative to the creation URL). */
export function locationOf(base: string, sessionId: string, created: RawResponse): string {
  const location = created.headers.location;
  if (typeof location !== 'string') throw new Error(`no Location (status ${created.status}): ${created.body.toString()}`);
  return new URL(location, uploadsUrl(base, sessionId)).toString();
}

export function uploadIdOf(url: string): string {
  return url.slice(url.lastIndexOf('/') + 1);
}

export function patchUpload(url: string, token: string, offset: number, bytes: Buffer, extra: Record<string, string> = {}): Promise<RawResponse> {
  return rawRequest(
    url,
    'PATCH',
    {
      'Tus-Resumable': '1.0.0',
      Authorization: `Bearer ${token}`,
      'Upload-Offset': String(offset),
      'Content-Type': 'application/offset+octet-stream',
      'Content-Length': String(bytes.length),
      ...extra,
    },
    bytes,
  );
}

export function headUpload(url: string, token: string): Promise<RawResponse> {
  return rawRequest(url, 'HEAD', { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${token}` });
}

/** Creates an upload and sends all its bytes in one PATCH; resolves with the upload id. */
export async function uploadBytes(
  base: string,
  sessionId: string,
  token: string,
  bytes: Buffer,
  metadata: Record<string, string>,
): Promise<string> {
  const created = await createUpload(base, sessionId, token, bytes.length, metadata);
  if (created.status !== 201) throw new Error(`upload creation refused: ${created.status} ${created.body.toString()}`);
  const url = locationOf(base, sessionId, created);
  if (bytes.length > 0) {
    const patched = await patchUpload(url, token, 0, bytes);
    if (patched.status !== 204) throw new Error(`PATCH refused: ${patched.status} ${patched.body.toString()}`);
  }
  return uploadIdOf(url);
}

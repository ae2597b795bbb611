/**
 * Thumbnails of shared images, drawn by the sender's browser before the share is sent (its own
 * chunk, loaded for the first image). WebP keeps transparency; where the browser cannot encode
 * WebP (it hands back PNG instead), JPEG over a light checkerboard, so transparent parts never
 * turn black.
 */
import { MAX_THUMBNAIL_LENGTH } from '../../protocol/index.js';

/** Longest side of a thumbnail, in pixels; smaller sizes are tried when one does not fit. */
const SIDES = [320, 240, 160, 96];
const QUALITIES = [0.8, 0.6];
/** Larger images are not decoded for a thumbnail (memory). */
const MAX_SOURCE_BYTES = 50 * 1024 * 1024;
const CHECKER_PX = 8;

/**
 * A `data:image/webp;base64,…` (or `image/jpeg`) thumbnail of an image, at most
 * {@link SIDES}[0] px on its longer side and {@link MAX_THUMBNAIL_LENGTH} characters long; or
 * undefined when the file is no image `createImageBitmap` decodes (SVG is not: it is never drawn).
 */
export async function makeThumbnail(file: Blob): Promise<string | undefined> {
  if (!file.type.startsWith('image/') || file.size > MAX_SOURCE_BYTES) return undefined;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    return undefined;
  }
  try {
    return await thumbnailOfBitmap(bitmap);
  } finally {
    bitmap.close();
  }
}

/**
 * A thumbnail of a decoded picture (an image, or a video's frame: see `media-measure.ts`), as
 * {@link makeThumbnail} makes it; the caller closes the bitmap.
 */
export async function thumbnailOfBitmap(bitmap: ImageBitmap): Promise<string | undefined> {
  for (const side of SIDES) {
    const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
    const url = await encode(bitmap, Math.max(1, Math.round(bitmap.width * scale)), Math.max(1, Math.round(bitmap.height * scale)));
    if (url) return url;
  }
  return undefined;
}

/** The image at `width`×`height` in the first format and quality that fits, or undefined. */
async function encode(bitmap: ImageBitmap, width: number, height: number): Promise<string | undefined> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) return undefined;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, width, height);
  for (const quality of QUALITIES) {
    const webp = await toBlob(canvas, 'image/webp', quality);
    if (webp?.type !== 'image/webp') return encodeJpeg(canvas, context, bitmap);
    const url = await toDataUrl(webp);
    if (url.length <= MAX_THUMBNAIL_LENGTH) return url;
  }
  return undefined;
}

/** For browsers without a WebP encoder (they hand back PNG). */
async function encodeJpeg(canvas: HTMLCanvasElement, context: CanvasRenderingContext2D, bitmap: ImageBitmap): Promise<string | undefined> {
  const { width, height } = canvas;
  // No WebP encoder: JPEG has no alpha, so what is transparent shows a checkerboard.
  context.clearRect(0, 0, width, height);
  for (let y = 0; y < height; y += CHECKER_PX) {
    for (let x = 0; x < width; x += CHECKER_PX) {
      context.fillStyle = (x + y) / CHECKER_PX % 2 ? '#d9d9d9' : '#ffffff';
      context.fillRect(x, y, CHECKER_PX, CHECKER_PX);
    }
  }
  context.drawImage(bitmap, 0, 0, width, height);
  for (const quality of QUALITIES) {
    const jpeg = await toBlob(canvas, 'image/jpeg', quality);
    if (!jpeg) return undefined;
    const url = await toDataUrl(jpeg);
    if (url.length <= MAX_THUMBNAIL_LENGTH) return url;
  }
  return undefined;
}

function toBlob(canvas: HTMLCanvasElement, type: string, quality: number | undefined): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, type, quality));
}

function toDataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

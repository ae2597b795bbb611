/**
 * A generated presentation for bench/preview.ts: `slides` slides, each with a title, three
 * bullet-like lines and a picture (a PNG of noise, so it does not compress), sized to about
 * `megabytes` MB in all.
 */
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { imageRel, makePptx, pictureShape, textBox } from '../test/browser/support/make-pptx.js';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** An RGB PNG of `width` x `height` random pixels. */
export function noisePng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) randomBytes(width * 3).copy(rows, y * (width * 3 + 1) + 1);
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

export function makeSlidesDeck(megabytes = 5, slides = 40): Buffer {
  // Each picture takes its share of the size: width x height x 3 bytes of noise.
  const side = Math.round(Math.sqrt((megabytes * 1024 * 1024) / slides / 3));
  return Buffer.from(
    makePptx(
      Array.from({ length: slides }, (_, i) => ({
        shapes:
          textBox(`Slide ${i + 1}: quarterly figures`) +
          textBox(`Line one of slide ${i + 1}`, 500_000, 1_200_000) +
          textBox(`Line two of slide ${i + 1}`, 500_000, 2_000_000) +
          pictureShape('r:embed="rIdPic"', 5_000_000, 1_500_000),
        rels: imageRel('rIdPic', `../media/image${i + 1}.png`),
        parts: [{ name: `ppt/media/image${i + 1}.png`, data: noisePng(side, side) }],
      })),
    ),
  );
}

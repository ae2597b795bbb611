/**
 * The pdf.js worker as an entry of our own: rollup emits it next to the chunks
 * (`chunks/pdf-worker.js`) and the dev server serves it from here, so
 * `new URL('./pdf-worker.js', import.meta.url)` in the pdf previewer finds it in both.
 */
import 'pdfjs-dist/build/pdf.worker.mjs';

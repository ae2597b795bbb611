// pdf.js's main module (pdfjs-dist/build/pdf.mjs) as the pdf previewer needs it. The previewer
// uses getDocument, PDFWorker, GlobalWorkerOptions, TextLayer and AnnotationMode; rollup could
// drop the rest (the annotation editor, the annotation and XFA layers, the draw layer), but
// three spots of pdf.mjs keep all of it alive. Each edit below names one; together they took
// the pdf chunk from 133 KB to about 63 KB min+gzip. The build fails when one no longer
// matches exactly, so a pdfjs-dist update cannot silently bring the weight back (or skip an
// edit): read what the new version does there and adapt the edit.
import MagicString from 'magic-string';

const PDF_MJS = /node_modules\/pdfjs-dist\/build\/pdf\.mjs$/;

/**
 * @typedef {object} Edit
 * @property {string} why
 * @property {(code: string) => Array<{ start: number, end: number, text: string }>} find
 *   the replacements, in order; an empty list fails the build
 */

/** @type {Edit[]} */
const EDITS = [
  {
    // The module assigns every export to `globalThis.pdfjsLib` (for pdf.js's own viewer and
    // scripts without modules) and a testing helper to `globalThis._pdfjsTestingUtils`. Nothing
    // of ours reads them: the previewer imports what it uses.
    why: 'the globalThis.pdfjsLib / _pdfjsTestingUtils assignments',
    find: (code) =>
      [/\{\s*globalThis\._pdfjsTestingUtils = \{[^{}]*\};\s*\}/.exec(code), /globalThis\.pdfjsLib = \{[^{}]*\};/.exec(code)].map((match) =>
        match ? { start: match.index, end: match.index + match[0].length, text: '' } : null,
      ),
  },
  {
    // AnnotationEditorLayer fills a static map of the editor classes when the class is defined;
    // rollup cannot tell that the map has no effect, so it kept the layer and every editor. As a
    // pure arrow called once, the map is made exactly as before when the layer is used.
    why: 'the static editor map of AnnotationEditorLayer',
    find: (code) => {
      const from = 'static #editorTypes = new Map([FreeTextEditor, InkEditor, StampEditor, HighlightEditor, SignatureEditor].map(type => [type._editorType, type]));';
      const start = code.indexOf(from);
      if (start < 0) return [null];
      const value = from.slice('static #editorTypes = '.length, -1);
      return [{ start, end: start + from.length, text: `static #editorTypes = /*#__PURE__*/(() => ${value})();` }];
    },
  },
  {
    // AnnotationStorage asks `value instanceof AnnotationEditor`, which keeps the editor base
    // class and, through its methods, the editor's UI manager, toolbar, alt text and comments.
    // This build creates no editor (the previewer has no editor layer, and
    // AnnotationEditorUIManager is not imported), so no stored value is ever one: the question
    // is asked of a class that has no instances either, and the answer stays false.
    why: 'AnnotationStorage\'s "instanceof AnnotationEditor" checks',
    find: (code) => {
      const start = code.indexOf(';// ./src/display/annotation_storage.js');
      const end = code.indexOf(';// ./', start + 1);
      if (start < 0 || end < 0) return [null];
      const found = [{ start, end: start, text: 'class NoAnnotationEditorInThisBuild {}\n' }];
      for (const match of code.slice(start, end).matchAll(/instanceof AnnotationEditor\b/g)) {
        found.push({ start: start + match.index, end: start + match.index + match[0].length, text: 'instanceof NoAnnotationEditorInThisBuild' });
      }
      return found.length > 1 ? found : [null];
    },
  },
];

/** The rollup plugin: applies {@link EDITS} to pdf.mjs, with a source map. */
export default function pdfjsForPreviews() {
  return {
    name: 'pdfjs-for-previews',
    transform(code, id) {
      if (!PDF_MJS.test(id)) return null;
      const out = new MagicString(code);
      for (const edit of EDITS) {
        const replacements = edit.find(code);
        if (replacements.length === 0 || replacements.includes(null)) {
          this.error(`rollup.pdfjs.mjs: pdfjs-dist/build/pdf.mjs no longer has ${edit.why}; see what this pdfjs-dist version does there`);
        }
        for (const { start, end, text } of replacements) {
          if (start === end) out.appendLeft(start, text);
          else if (text === '') out.remove(start, end);
          else out.overwrite(start, end, text);
        }
      }
      return { code: out.toString(), map: out.generateMap({ hires: true, source: id }) };
    },
  };
}

/** A fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The fence's language (`ts`, `js`, `tsx`…), lower-case; '' when none. */
  lang: string;
  /** The words after the language in the fence's info string (```ts node → ['node']). */
  flags: string[];
  /** The block's text, without the fences and without the indentation of the opening fence. */
  code: string;
  /** The 1-based line of the opening fence. */
  line: number;
}

/** Every fenced code block (``` or ~~~, indented up to three spaces) of a Markdown text, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split(/\r?\n/);
  let open: { fence: string; indent: number; lang: string; flags: string[]; line: number; body: string[] } | null = null;
  lines.forEach((text, index) => {
    if (open) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(text);
      if (close && close[1]![0] === open.fence[0] && close[1]!.length >= open.fence.length) {
        blocks.push({ lang: open.lang, flags: open.flags, code: open.body.join('\n'), line: open.line });
        open = null;
      } else {
        open.body.push(text.slice(Math.min(open.indent, text.length - text.trimStart().length)));
      }
      return;
    }
    const start = /^( {0,3})(`{3,}|~{3,})\s*(.*)$/.exec(text);
    if (!start) return;
    const [lang = '', ...flags] = start[3]!.trim().split(/\s+/).filter(Boolean);
    open = { fence: start[2]!, indent: start[1]!.length, lang: lang.toLowerCase(), flags, line: index + 1, body: [] };
  });
  if (open) throw new Error(`the code block opened on line ${(open as { line: number }).line} is never closed`);
  return blocks;
}

/** The tables of one README section, as rows of cells (Markdown pipes, `\|` kept inside cells). */
export function sectionTable(readme: string, heading: string): string[][] {
  const lines = readme.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) throw new Error(`README.md has no "${heading}" section`);
  const end = lines.findIndex((line, index) => index > start && /^#{1,3} /.test(line));
  const rows = lines
    .slice(start + 1, end < 0 ? undefined : end)
    .filter((line) => line.startsWith('|'))
    .map((line) =>
      line
        .slice(1, line.trimEnd().endsWith('|') ? line.trimEnd().length - 1 : undefined)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim()),
    );
  // The header row and the `|---|---|` line under it.
  return rows.filter((row, index) => index > 0 && !row.every((cell) => /^:?-+:?$/.test(cell)));
}

/** The text of a section up to the next heading. */
export function sectionText(readme: string, heading: string): string {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "${heading}" section`);
  const rest = readme.slice(start + heading.length + 2);
  const end = rest.search(/^#{1,3} /m);
  return end < 0 ? rest : rest.slice(0, end);
}

/** The names quoted in code spans of a cell: `` `a`, `b` `` gives a and b; `—` gives none. */
export function codeNames(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!);
}

/** What one side lacks of the other, for a readable failure message. */
export function difference(label: string, manifest: Iterable<string>, readme: Iterable<string>): string[] {
  const inManifest = new Set(manifest);
  const inReadme = new Set(readme);
  const problems: string[] = [];
  const notInReadme = [...inManifest].filter((name) => !inReadme.has(name));
  const notInManifest = [...inReadme].filter((name) => !inManifest.has(name));
  if (notInReadme.length > 0) problems.push(`${label} in the manifest but not in README.md: ${notInReadme.join(', ')}`);
  if (notInManifest.length > 0) problems.push(`${label} in README.md but not in the manifest: ${notInManifest.join(', ')}`);
  return problems;
}

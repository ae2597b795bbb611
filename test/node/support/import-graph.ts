import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * The import graph of our TypeScript sources, read with the TypeScript parser (no type
 * checking): every `import`/`export … from`, `import()` call and `import('…')` type, with how
 * it loads. Paths are relative to the repository root with `/`; a package is `pkg:<name>`.
 */

/** `static`: loaded with the importer. `type`: erased at build. `dynamic`: `import()`, loaded when called. */
export type ImportKind = 'static' | 'type' | 'dynamic';

export interface ImportEdge {
  from: string;
  to: string;
  kind: ImportKind;
  line: number;
}

/** The package a bare specifier names: `pdfjs-dist/legacy/x.mjs` is `pdfjs-dist`, `@scope/a/b` is `@scope/a`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** `./x.js` from `server/a.ts` is `server/x.ts` (or `.d.ts`, or `x/index.ts`) when that file exists under `root`. */
function resolveRelative(root: string, from: string, specifier: string): string {
  const base = posix.normalize(posix.join(posix.dirname(from), specifier));
  const stem = base.replace(/\.(m?js|ts)$/, '');
  const candidates = [`${stem}.ts`, `${stem}.d.ts`, `${stem}.mts`, `${stem}/index.ts`, base];
  return candidates.find((path) => existsSync(join(root, path))) ?? `${stem}.ts`;
}

function targetOf(root: string, from: string, specifier: string): string {
  if (specifier.startsWith('.')) return resolveRelative(root, from, specifier);
  if (specifier.startsWith('node:')) return `node:${specifier.slice(5)}`;
  return `pkg:${packageOf(specifier)}`;
}

/** A declaration is type-only when it says `import type`, or when every name it imports says `type`. */
function isTypeOnlyImport(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import './x.js'` runs the module
  if (clause.isTypeOnly) return true;
  if (clause.name) return false;
  const bindings = clause.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.length > 0 && bindings.elements.every((e) => e.isTypeOnly);
}

function isTypeOnlyExport(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return clause !== undefined && ts.isNamedExports(clause) && clause.elements.length > 0 && clause.elements.every((e) => e.isTypeOnly);
}

/** The imports of one source text, `from` being its repository path. */
export function importsOf(root: string, from: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(from, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const edges: ImportEdge[] = [];
  const add = (specifier: ts.Expression | undefined, kind: ImportKind, node: ts.Node): void => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    edges.push({ from, to: targetOf(root, from, specifier.text), kind, line });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) add(node.moduleSpecifier, isTypeOnlyImport(node) ? 'type' : 'static', node);
    else if (ts.isExportDeclaration(node)) add(node.moduleSpecifier, isTypeOnlyExport(node) ? 'type' : 'static', node);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly ? 'type' : 'static', node);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0], 'dynamic', node);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal as ts.Expression, 'type', node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

function sourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = posix.join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sourceFiles(root, path));
    else if (/\.(m?ts)$/.test(name)) out.push(path);
  }
  return out;
}

/** Every import of every `.ts` file under the given folders of `root`. */
export function importGraph(root: string, folders: readonly string[]): { files: string[]; edges: ImportEdge[] } {
  const files = folders.flatMap((folder) => sourceFiles(root, folder)).sort();
  const edges = files.flatMap((file) => importsOf(root, file, readFileSync(join(root, file), 'utf8')));
  return { files, edges };
}

/** The repository root, from this file's place in it. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../..', import.meta.url));

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT, importGraph, importsOf, type ImportEdge, type ImportKind } from './support/import-graph.js';

/*
 * The seams of ARCHITECTURE.md ("Parts and the only allowed imports"), checked on the import
 * graph of src/ and server/ as the TypeScript parser reads it. A rule names the importers it
 * governs (`from`), the imports they may not have (`to`) and which kinds of import count:
 * type-only imports count too (they couple the design), except for the lazy previewers, where
 * only a static import defeats `import()`.
 */

interface SeamRule {
  /** What the seam keeps apart, as a sentence. */
  why: string;
  from: RegExp;
  to: RegExp;
  kinds: readonly ImportKind[];
}

const ALL: readonly ImportKind[] = ['static', 'type', 'dynamic'];

const RULES = {
  'protocol imports nothing of ours': {
    why: 'src/protocol is shared by the relay and every client; it may not lean on either',
    from: /^src\/protocol\//,
    to: /^(?!src\/protocol\/)(src|server|demo|bench|bin|test)\//,
    kinds: ALL,
  },
  'the relay uses only the protocol of src': {
    why: 'server/ runs in Node; of src/ it may import src/protocol only (never client, components, previews)',
    from: /^server\//,
    to: /^src\/(?!protocol\/)/,
    kinds: ALL,
  },
  'storage does not import its users': {
    why: 'storage <- room <- connection <- http: server/storage may import storage, the protocol and the leaf helpers ids.ts and relay-error.ts only',
    from: /^server\/storage\//,
    to: /^server\/(?!storage\/|ids\.ts$|relay-error\.ts$)/,
    kinds: ALL,
  },
  'the client does not import views': {
    why: 'src/client is headless (browsers and Node): it imports src/protocol, never components, previews or the entry points',
    from: /^src\/client\//,
    to: /^src\/(?!client\/|protocol\/)/,
    kinds: ALL,
  },
  'browser code does not import the relay': {
    why: 'nothing under src/ (components, client, protocol) imports server/',
    from: /^src\//,
    to: /^server\//,
    kinds: ALL,
  },
  'previewers load only through import()': {
    why: 'a previewer and its heavy library (pdfjs-dist, mammoth, papaparse) are separate chunks fetched when a preview opens',
    from: /^src\/(?!preview\/)/,
    to: /^(src\/preview\/[^/]+-(preview|worker)\.ts|pkg:(pdfjs-dist|mammoth|papaparse))$/,
    kinds: ['static'],
  },
} as const satisfies Record<string, SeamRule>;

type RuleName = keyof typeof RULES;

interface Violation {
  rule: RuleName;
  edge: ImportEdge;
}

function seamViolations(edges: readonly ImportEdge[], rules: Record<RuleName, SeamRule> = RULES): Violation[] {
  const out: Violation[] = [];
  for (const edge of edges) {
    for (const [rule, { from, to, kinds }] of Object.entries(rules) as [RuleName, SeamRule][]) {
      if (from.test(edge.from) && to.test(edge.to) && kinds.includes(edge.kind)) out.push({ rule, edge });
    }
  }
  return out;
}

function describeViolation({ rule, edge }: Violation): string {
  return `${edge.from}:${edge.line} imports ${edge.to} (${edge.kind}): "${rule}" — ${RULES[rule].why}`;
}

/** For every rule, one import that crosses it and a near one that does not. */
const EXAMPLES: Record<RuleName, { crossing: ImportEdge; allowed: ImportEdge }> = {
  'protocol imports nothing of ours': {
    crossing: { from: 'src/protocol/rules.ts', to: 'src/client/session-client.ts', kind: 'type', line: 1 },
    allowed: { from: 'src/protocol/rules.ts', to: 'src/protocol/frames.ts', kind: 'static', line: 1 },
  },
  'the relay uses only the protocol of src': {
    crossing: { from: 'server/session-room.ts', to: 'src/components/linkify.ts', kind: 'static', line: 1 },
    allowed: { from: 'server/session-room.ts', to: 'src/protocol/index.ts', kind: 'static', line: 1 },
  },
  'storage does not import its users': {
    crossing: { from: 'server/storage/file-receipt-store.ts', to: 'server/session-room.ts', kind: 'type', line: 4 },
    allowed: { from: 'server/storage/file-event-log.ts', to: 'server/ids.ts', kind: 'static', line: 7 },
  },
  'the client does not import views': {
    crossing: { from: 'src/client/session-client.ts', to: 'src/components/localize/localize.ts', kind: 'static', line: 1 },
    allowed: { from: 'src/client/session-client.ts', to: 'src/client/backoff.ts', kind: 'static', line: 1 },
  },
  'browser code does not import the relay': {
    crossing: { from: 'src/components/session-chat/session-chat.component.ts', to: 'server/options.ts', kind: 'type', line: 1 },
    allowed: { from: 'server/options.ts', to: 'src/protocol/index.ts', kind: 'static', line: 1 },
  },
  'previewers load only through import()': {
    crossing: { from: 'src/components/file-preview.ts', to: 'pkg:pdfjs-dist', kind: 'static', line: 1 },
    allowed: { from: 'src/components/file-preview.ts', to: 'src/preview/pdf-preview.ts', kind: 'dynamic', line: 1 },
  },
};

/*
 * The widget's own seams (src/components/README.md): one folder per feature, and a feature
 * folder imports only the shared pieces (src/components/shared), the client and the protocol;
 * the root (src/components/session-chat) wires the features. The exceptions below are the only
 * crossings, each with its why.
 */
const FEATURE = /^src\/components\/(?!shared\/|session-chat\/)([^/]+)\//;

const FEATURE_EXCEPTIONS: readonly { from: RegExp; to: RegExp; kinds: readonly ImportKind[]; why: string }[] = [
  {
    from: /^src\/components\/conversation\/session-chat-message\/session-chat-message\.component\.ts$/,
    to: /^src\/components\/files\/session-chat-file-card\/file-card-template\.ts$/,
    kinds: ['static'],
    why: "a message shows its file's card in the first load; the card element itself loads on first use",
  },
  {
    from: /^src\/components\/conversation\/session-chat-message\/session-chat-message\.component\.ts$/,
    to: /^src\/components\/live-transfers\/session-chat-transfer-card\/transfer-card-template\.ts$/,
    kinds: ['static'],
    why: "a message shows its live transfer's card the same way (the card and the engine load on first use)",
  },
  {
    from: /^src\/components\/launcher\//,
    to: /^src\/(browser\.ts|components\/session-chat\/session-chat\.component\.ts)$/,
    kinds: ['dynamic', 'type'],
    why: 'the launcher hands its client to the full widget, which it loads through import() on the first interaction (never statically)',
  },
  {
    from: /^src\/components\/files\//,
    to: /^src\/components\/previews\//,
    kinds: ['dynamic', 'type'],
    why: 'a file card opens the preview dialog, which loads on the first "Preview" (never statically)',
  },
  {
    from: /^src\/components\/(files|previews)\//,
    to: /^src\/preview\//,
    kinds: ALL,
    why: "the file parts read the previewers' kinds and types; the previewers themselves load through import() (the rule above)",
  },
];

function featureCrossings(edges: readonly ImportEdge[]): ImportEdge[] {
  return edges.filter((edge) => {
    const feature = FEATURE.exec(edge.from)?.[1];
    if (!feature) return false;
    const allowed =
      !edge.to.startsWith('src/') ||
      /^src\/(client|protocol|components\/shared)\//.test(edge.to) ||
      edge.to.startsWith(`src/components/${feature}/`);
    return !allowed && !FEATURE_EXCEPTIONS.some((x) => x.from.test(edge.from) && x.to.test(edge.to) && x.kinds.includes(edge.kind));
  });
}

describe('architecture seams', () => {
  const graph = importGraph(REPOSITORY_ROOT, ['src', 'server']);

  it('no import of src/ or server/ crosses a seam', () => {
    const violations = seamViolations(graph.edges);
    assert.deepEqual(violations.map(describeViolation), []);
  });

  it('the graph holds the whole tree: static, type-only and dynamic imports, every relative one resolved to a file', () => {
    assert.ok(graph.files.length > 100, `only ${graph.files.length} files read`);
    for (const kind of ALL) assert.ok(graph.edges.some((e) => e.kind === kind), `no ${kind} import found`);
    const unresolved = graph.edges.filter((e) => /^(src|server)\//.test(e.to) && !existsSync(join(REPOSITORY_ROOT, e.to)));
    assert.deepEqual(unresolved, []);
  });

  it('every rule catches an import that crosses it, and only that rule does', () => {
    for (const [rule, { crossing, allowed }] of Object.entries(EXAMPLES) as [RuleName, (typeof EXAMPLES)[RuleName]][]) {
      assert.deepEqual(seamViolations([crossing]), [{ rule, edge: crossing }], rule);
      assert.deepEqual(seamViolations([allowed]), [], rule);
    }
  });

  it('reads each kind of import from source text, and finds a static previewer import crafted into a component', () => {
    const text = [
      "import { html } from 'lit';",
      "import type { PreviewModule } from '../preview/preview-types.js';",
      "import { type PreviewKind } from '../preview/preview-kind.js';",
      "import { renderPdf } from '../preview/pdf-preview.js';",
      "export * from './file-size.js';",
      "export type { Clock } from './clock.js';",
      "const csv = () => import('../preview/csv-preview.js');",
      "let grid: typeof import('papaparse') | undefined;",
      "import '../preview/docx-preview.js';",
    ].join('\n');
    const edges = importsOf(REPOSITORY_ROOT, 'src/components/crafted.ts', text);
    assert.deepEqual(
      edges.map(({ to, kind, line }) => [to, kind, line]),
      [
        ['pkg:lit', 'static', 1],
        ['src/preview/preview-types.ts', 'type', 2],
        ['src/preview/preview-kind.ts', 'type', 3],
        ['src/preview/pdf-preview.ts', 'static', 4],
        ['src/components/file-size.ts', 'static', 5],
        ['src/components/clock.ts', 'type', 6],
        ['src/preview/csv-preview.ts', 'dynamic', 7],
        ['pkg:papaparse', 'type', 8],
        ['src/preview/docx-preview.ts', 'static', 9],
      ],
    );
    assert.deepEqual(
      seamViolations(edges).map(({ rule, edge }) => [rule, edge.to]),
      [
        ['previewers load only through import()', 'src/preview/pdf-preview.ts'],
        ['previewers load only through import()', 'src/preview/docx-preview.ts'],
      ],
    );
  });

  it('a widget feature folder imports only shared pieces, the client and the protocol (and the listed exceptions)', () => {
    assert.deepEqual(featureCrossings(graph.edges).map((e) => `${e.from}:${e.line} imports ${e.to} (${e.kind})`), []);
    assert.ok(graph.edges.some((e) => FEATURE.test(e.from)), 'no feature folder found under src/components');
  });

  it('finds an import from one feature folder into another, and into the root', () => {
    const text = [
      "import type { SessionChatSearch } from '../search/session-chat-search/session-chat-search.component.js';",
      "import { SessionChat } from '../session-chat/session-chat.component.js';",
      "import { LocalizeController } from '../shared/localize/localize.js';",
      "import type { SessionClient } from '../../client/index.js';",
      "import { TimelineController } from './timeline-controller.js';",
    ].join('\n');
    const edges = importsOf(REPOSITORY_ROOT, 'src/components/conversation/crafted.ts', text);
    assert.deepEqual(
      featureCrossings(edges).map((e) => [e.to, e.kind]),
      [
        ['src/components/search/session-chat-search/session-chat-search.component.ts', 'type'],
        ['src/components/session-chat/session-chat.component.ts', 'static'],
      ],
    );
  });

  it('finds the import that once made storage depend on the room', () => {
    const text = "import type { ReceiptStore } from '../session-room.js';\nimport { sessionKey } from '../transcripts/transcript-store.js';\n";
    const edges = importsOf(REPOSITORY_ROOT, 'server/storage/file-receipt-store.ts', text);
    assert.deepEqual(
      seamViolations(edges).map(({ rule, edge }) => [rule, edge.to, edge.kind]),
      [
        ['storage does not import its users', 'server/session-room.ts', 'type'],
        ['storage does not import its users', 'server/transcripts/transcript-store.ts', 'static'],
      ],
    );
  });
});

import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeNames, difference, sectionTable, sectionText } from './support/readme-tables.js';

/** The parts of the custom-elements manifest this test reads. */
interface Named {
  name: string;
  description?: string;
}
interface ManifestEvent extends Named {
  type?: { text: string };
  detail?: { text: string };
}
interface ManifestMember extends Named {
  kind: 'field' | 'method';
  privacy?: 'public' | 'private' | 'protected';
  static?: boolean;
  attribute?: string;
}
interface ManifestElement extends Named {
  tagName?: string;
  attributes?: (Named & { fieldName?: string })[];
  members?: ManifestMember[];
  events?: ManifestEvent[];
  slots?: Named[];
  cssParts?: Named[];
  cssProperties?: Named[];
}
interface Manifest {
  modules: { path: string; declarations?: ManifestElement[] }[];
}
type Analyze = (options: { argv: string[]; cwd: string; noWrite: boolean }) => Promise<Manifest>;

const root = fileURLToPath(new URL('../..', import.meta.url));
let readme: string;
let elements: ManifestElement[];
let chat: ManifestElement;

before(async () => {
  readme = await readFile(join(root, 'README.md'), 'utf8');
  // The manifest is made here from the sources, exactly as `npm run manifest` makes it (same
  // config), without writing it: a stale custom-elements.json cannot hide a drift.
  const analyzer = '@custom-elements-manifest/analyzer/cli.js';
  const { cli } = (await import(analyzer)) as { cli: Analyze };
  const manifest = await cli({
    argv: ['analyze', '--config', 'custom-elements-manifest.config.mjs', '--quiet'],
    cwd: root,
    noWrite: true,
  });
  elements = manifest.modules.flatMap((module) => module.declarations ?? []).filter((d) => d.tagName);
  const found = elements.find((element) => element.tagName === 'session-chat');
  assert.ok(found, 'the manifest has <session-chat>');
  chat = found;
});

const isPublic = (member: ManifestMember) => !member.static && (member.privacy ?? 'public') === 'public';
const failIf = (problems: string[]) => assert.deepEqual(problems, [], `\n${problems.join('\n')}`);

describe('README.md documents the API of <session-chat> as its manifest does', () => {
  test('Attributes and properties: every attribute and property, paired as in the element', () => {
    const rows = sectionTable(readme, '### Attributes and properties').map(([attribute = '', property = '']) => ({
      attributes: codeNames(attribute),
      properties: codeNames(property),
    }));
    const fields = (chat.members ?? []).filter((member) => member.kind === 'field' && isPublic(member));
    const problems = [
      ...difference('properties', fields.map((field) => field.name), rows.flatMap((row) => row.properties)),
      ...difference('attributes', (chat.attributes ?? []).map((a) => a.name), rows.flatMap((row) => row.attributes)),
    ];
    for (const row of rows) {
      if (row.attributes.length > 1 || row.properties.length > 1) {
        problems.push(`one attribute and one property a row: ${[...row.attributes, ...row.properties].join(', ')}`);
        continue;
      }
      const [attribute, property] = [row.attributes[0], row.properties[0]];
      const real = (chat.attributes ?? []).find((a) => a.fieldName === property)?.name;
      if (property && fields.some((field) => field.name === property) && real !== attribute) {
        problems.push(`property ${property} has ${real ? `the attribute ${real}` : 'no attribute'}, README.md says ${attribute ?? '—'}`);
      }
    }
    failIf(problems);
  });

  test('Methods and slots, listed under the table', () => {
    const text = sectionText(readme, '### Attributes and properties');
    const line = text.split('\n').find((l) => l.startsWith('Methods:')) ?? '';
    const [methods = '', slots = ''] = line.split(/Slots?:/);
    const publicMethods = (chat.members ?? []).filter((member) => member.kind === 'method' && isPublic(member));
    failIf([
      ...difference('methods', publicMethods.map((m) => `${m.name}()`), codeNames(methods)),
      ...difference('slots', (chat.slots ?? []).map((slot) => slot.name), codeNames(slots)),
    ]);
  });

  test('Events: every event, with the class it is dispatched as', () => {
    const rows = sectionTable(readme, '### Events').map(([name = '', type = '']) => ({
      name: codeNames(name)[0] ?? name,
      type: codeNames(type)[0],
    }));
    const events = chat.events ?? [];
    const problems = difference('events', events.map((event) => event.name), rows.map((row) => row.name));
    for (const row of rows) {
      const event = events.find((e) => e.name === row.name);
      if (event && event.type?.text !== row.type) {
        problems.push(`event ${row.name} is a ${event.type?.text ?? 'untyped event'}, README.md says ${row.type}`);
      }
      if (event && !event.detail) problems.push(`event ${row.name} has no detail type in the manifest`);
    }
    failIf(problems);
  });

  test('Parts: every part of <session-chat>, including those it passes through', () => {
    const rows = sectionTable(readme, '### Parts');
    failIf(difference('parts', (chat.cssParts ?? []).map((part) => part.name), rows.map(([name = '']) => codeNames(name)[0] ?? name)));
  });

  test('CSS custom properties: every property, with its light and dark defaults', () => {
    const rows = sectionTable(readme, '### CSS custom properties').map(([name = '', light = '', dark = '']) => ({
      name: codeNames(name)[0] ?? name,
      light: codeNames(light)[0],
      dark: dark === 'same' ? codeNames(light)[0] : codeNames(dark)[0],
    }));
    const properties = chat.cssProperties ?? [];
    const problems = difference('CSS custom properties', properties.map((p) => p.name), rows.map((row) => row.name));
    for (const row of rows) {
      const described = properties.find((p) => p.name === row.name)?.description ?? '';
      const defaults = /Default `([^`]+)`(?: \(dark `([^`]+)`\))?/.exec(described);
      if (!described) continue;
      if (!defaults) {
        problems.push(`${row.name}: its JSDoc states no "Default \`…\`"`);
      } else if (defaults[1] !== row.light || (defaults[2] ?? defaults[1]) !== row.dark) {
        problems.push(`${row.name}: JSDoc defaults ${defaults[1]} / ${defaults[2] ?? defaults[1]}, README.md ${row.light} / ${row.dark}`);
      }
    }
    failIf(problems);
  });

  test("the inner elements' CSS custom properties are all settable on <session-chat>, so all documented there", () => {
    // Custom properties inherit through shadow roots: one an inner element reads is set on <session-chat>.
    const documented = new Set((chat.cssProperties ?? []).map((p) => p.name));
    const missing = elements.flatMap((element) =>
      (element.cssProperties ?? [])
        .filter((p) => !documented.has(p.name))
        .map((p) => `${p.name} (read by <${element.tagName}>)`),
    );
    failIf(missing.length > 0 ? [`not in the JSDoc of <session-chat>: ${missing.join(', ')}`] : []);
  });
});

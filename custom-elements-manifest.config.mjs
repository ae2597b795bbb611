/**
 * The custom-elements manifest (`custom-elements.json`, written at the package root by
 * `npm run manifest`, part of `npm run build`): what editors, Storybook and framework wrappers
 * read to know each element's attributes, properties, events, parts and CSS custom properties.
 *
 * It is read from the components' JSDoc headers and class bodies. The classes live in
 * `*.component.ts` (in their feature's folder, see src/components/README.md) and the tags are
 * defined in the `session-chat*.ts` beside them, so both are
 * analysed (the define calls give the tag names); the event classes are analysed so that an
 * element's events carry their class and `detail` type.
 *
 * A small plugin fills what the analyzer's Lit support leaves out, and leaves `private` members
 * out (they are implementation, not API):
 * - `static properties` entries with `state: true` are internal state, not attributes (the
 *   analyzer lists every entry without `attribute: false` as an attribute).
 * - `this.dispatchEvent(new ChatMessageEvent(…))` is recorded by the analyzer with no name, or
 *   with the name of the constructor's first argument; the event classes say their name in
 *   `super('chat-message', …)`, so such entries are named from their class, merged with the
 *   JSDoc `@event` of the same name, and every event whose class is known gets its `type` (the
 *   class) and `detail` (its `CustomEvent<…>` type argument).
 */

/** Event classes by name: the event name given to `super()` and the `detail` type. */
const eventClasses = new Map();
/** `state: true` entries of `static properties`, by class name. */
const stateProperties = new Map();

/** `class X extends CustomEvent<D>` (or `Event`) whose constructor calls `super('name', …)`. */
function collectEventClass(ts, node) {
  if (!ts.isClassDeclaration(node) || !node.name) return;
  const base = node.heritageClauses
    ?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)
    ?.types.find((type) => ['CustomEvent', 'Event'].includes(type.expression.getText()));
  if (!base) return;
  const constructor = node.members.find(ts.isConstructorDeclaration);
  const superCall = constructor?.body?.statements
    .map((statement) => (ts.isExpressionStatement(statement) ? statement.expression : undefined))
    .find((call) => call && ts.isCallExpression(call) && call.expression.kind === ts.SyntaxKind.SuperKeyword);
  const name = superCall?.arguments[0];
  if (!name || !ts.isStringLiteral(name)) return;
  eventClasses.set(node.name.text, {
    name: name.text,
    module: node.getSourceFile().fileName,
    detail: base.typeArguments?.[0]?.getText(),
  });
}

/** The names in a class's `static properties = { name: { state: true }, … }`. */
function collectStateProperties(ts, node) {
  if (!ts.isClassDeclaration(node) || !node.name) return;
  const table = node.members.find(
    (member) =>
      ts.isPropertyDeclaration(member) &&
      member.name.getText() === 'properties' &&
      member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword),
  )?.initializer;
  if (!table || !ts.isObjectLiteralExpression(table)) return;
  const names = table.properties
    .filter(
      (entry) =>
        ts.isPropertyAssignment(entry) &&
        ts.isObjectLiteralExpression(entry.initializer) &&
        entry.initializer.properties.some(
          (option) =>
            ts.isPropertyAssignment(option) &&
            option.name.getText() === 'state' &&
            option.initializer.kind === ts.SyntaxKind.TrueKeyword,
        ),
    )
    .map((entry) => entry.name.getText());
  if (names.length > 0) stateProperties.set(node.name.text, new Set(names));
}

/** Names, types and details of one class's events; unknown nameless entries are an error. */
function linkEvents(declaration) {
  const byName = new Map();
  for (const event of declaration.events ?? []) {
    const known = eventClasses.get(event.type?.text);
    const name = known?.name ?? event.name;
    if (!name) {
      throw new Error(`${declaration.name} dispatches ${event.type?.text}, an event class the manifest does not know`);
    }
    // The first entry of a name wins (the JSDoc `@event` comes first); later ones fill gaps.
    const merged = { ...event, ...byName.get(name), name };
    if (known) {
      merged.type = { text: event.type.text, references: [{ name: event.type.text, module: known.module }] };
    }
    byName.set(name, merged);
  }
  for (const event of byName.values()) {
    const [className, known] = [...eventClasses].find(([, value]) => value.name === event.name) ?? [];
    if (!known) continue;
    event.type ??= { text: className, references: [{ name: className, module: known.module }] };
    if (known.detail) event.detail = { text: known.detail };
  }
  declaration.events = [...byName.values()];
}

const sessionChatPlugin = {
  name: 'session-chat: state properties, event classes, no private members',
  initialize() {
    eventClasses.clear();
    stateProperties.clear();
  },
  collectPhase({ ts, node }) {
    collectEventClass(ts, node);
    collectStateProperties(ts, node);
  },
  packageLinkPhase({ customElementsManifest }) {
    for (const module of customElementsManifest.modules) {
      for (const declaration of module.declarations ?? []) {
        if (declaration.kind !== 'class') continue;
        // TypeScript `private` members are implementation, not API: a third of the file for nothing.
        if (declaration.members) declaration.members = declaration.members.filter((member) => member.privacy !== 'private');
        const state = stateProperties.get(declaration.name);
        if (state && declaration.attributes) {
          declaration.attributes = declaration.attributes.filter((attribute) => !state.has(attribute.fieldName));
        }
        if (declaration.events) linkEvents(declaration);
      }
    }
  },
};

export default {
  globs: [
    'src/components/**/*.component.ts',
    'src/components/**/session-chat*/session-chat*.ts',
    'src/components/shared/events/*.ts',
    'src/components/**/*-events.ts',
  ],
  exclude: ['**/*.styles.ts', '**/*.test.ts', 'test/**'],
  outdir: '.',
  litelement: true,
  // package.json names the manifest itself (`customElements`); the build must not rewrite it.
  packagejson: false,
  plugins: [sessionChatPlugin],
};

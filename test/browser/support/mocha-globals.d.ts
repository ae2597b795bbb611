// The mocha BDD globals that web-test-runner provides in the browser. @types/mocha is not a
// dependency (and tsconfig limits "types" to node), so the few used here are declared here.
type MochaDone = (error?: unknown) => void;
/** What a suite's function may set on `this` (its tests' time limit). */
interface MochaSuiteContext {
  timeout(ms: number): void;
}
type MochaFn = (this: unknown, done: MochaDone) => void | Promise<unknown>;
type MochaHook = (fn: MochaFn) => void;
interface MochaSuiteFn {
  (title: string, fn: (this: MochaSuiteContext) => void): void;
  only(title: string, fn: (this: MochaSuiteContext) => void): void;
  skip(title: string, fn: (this: MochaSuiteContext) => void): void;
}
interface MochaTestFn {
  (title: string, fn?: MochaFn): void;
  only(title: string, fn?: MochaFn): void;
  skip(title: string, fn?: MochaFn): void;
}
declare const describe: MochaSuiteFn;
declare const it: MochaTestFn;
declare const before: MochaHook;
declare const after: MochaHook;
declare const beforeEach: MochaHook;
declare const afterEach: MochaHook;

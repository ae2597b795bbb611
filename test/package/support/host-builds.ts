/** Pages of a host app built from the installed package by the bundlers hosts use. */
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The host's page script: imports the package as a bundler user does and puts one
 * `<session-chat>` on the page, with the relay and the token from the URL's fragment.
 */
const mainScript = (specifier: string) => `import { SessionChat } from '${specifier}';
const params = new URLSearchParams(location.hash.slice(1));
const chat = document.createElement('session-chat');
chat.setAttribute('server', params.get('server'));
chat.setAttribute('token', params.get('token'));
document.body.append(chat);
window.hostReady = chat instanceof SessionChat;
`;
const MAIN = mainScript('session-chat');
/** The same page with the prebuilt launcher (launcher.html beside the script tag page). */
const LAUNCHER = `import { SessionChatLauncher } from './session-chat/session-chat-launcher.js';
const params = new URLSearchParams(location.hash.slice(1));
const launcher = document.createElement('session-chat-launcher');
launcher.setAttribute('server', params.get('server'));
launcher.setAttribute('token', params.get('token'));
launcher.style.height = '600px';
document.body.append(launcher);
window.hostReady = launcher instanceof SessionChatLauncher;
`;

const HTML = (script: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host app</title></head><body>${script}</body></html>\n`;

/** A page folder inside the consumer holding index.html and main.js. */
async function pageSource(consumer: string, name: string, script: string): Promise<string> {
  const dir = join(consumer, 'pages', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'main.js'), MAIN);
  await writeFile(join(dir, 'index.html'), HTML(script));
  return dir;
}

/** esbuild with code splitting, ES modules: the folder to serve. */
export async function buildWithEsbuild(consumer: string): Promise<string> {
  const { build } = await import('esbuild');
  const dir = await pageSource(consumer, 'esbuild', '<script type="module" src="./out/main.js"></script>');
  await build({
    absWorkingDir: consumer,
    entryPoints: [join(dir, 'main.js')],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    minify: true,
    outdir: join(dir, 'out'),
    logLevel: 'silent',
  });
  return dir;
}

/** webpack 5, production mode, default output (publicPath `auto`). */
export async function buildWithWebpack(consumer: string): Promise<string> {
  const { default: webpack } = await import('webpack');
  const dir = await pageSource(consumer, 'webpack', '<script src="./out/main.js"></script>');
  const stats = await new Promise<import('webpack').Stats>((resolve, reject) => {
    // Production mode without its minifier: minifying changes no file name or URL, and takes a minute here.
    const config = {
      mode: 'production' as const,
      context: consumer,
      entry: join(dir, 'main.js'),
      output: { path: join(dir, 'out'), filename: 'main.js' },
      target: 'web',
      devtool: false as const,
      optimization: { minimize: false },
    };
    webpack(config, (error, result) =>
      error || !result ? reject(error ?? new Error('webpack gave no stats')) : resolve(result),
    );
  });
  if (stats.hasErrors()) throw new Error(`webpack failed:\n${stats.toString({ all: false, errors: true })}`);
  return dir;
}

/** `vite build` of the page: the folder to serve. */
export async function buildWithVite(consumer: string): Promise<string> {
  const { build } = await import('vite');
  const dir = await pageSource(consumer, 'vite', '<script type="module" src="./main.js"></script>');
  await build({ root: dir, configFile: false, logLevel: 'silent', build: { outDir: join(dir, 'dist'), emptyOutDir: true, minify: false } });
  return join(dir, 'dist');
}

/** The Vite dev server on the page (`vite` as a developer runs it). */
export async function startViteDev(consumer: string, port: number): Promise<{ origin: string; close(): Promise<void> }> {
  const { createServer } = await import('vite');
  const dir = await pageSource(consumer, 'vite-dev', '<script type="module" src="./main.js"></script>');
  const server = await createServer({
    root: dir,
    configFile: false,
    logLevel: 'silent',
    cacheDir: join(consumer, 'node_modules', '.vite-dev'),
    server: { host: '127.0.0.1', port, strictPort: true, hmr: false, watch: null },
  });
  await server.listen();
  return { origin: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/** The prebuilt bundle copied to the host's static folder and loaded with `<script type="module">`. */
export async function scriptTagPage(consumer: string): Promise<string> {
  const dir = join(consumer, 'pages', 'script');
  await cp(join(consumer, 'node_modules', 'session-chat', 'dist', 'browser'), join(dir, 'session-chat'), { recursive: true });
  const script = `<script type="module">\n${mainScript('./session-chat/session-chat.js')}</script>`;
  await writeFile(join(dir, 'index.html'), HTML(script));
  await writeFile(join(dir, 'launcher.html'), HTML(`<script type="module">\n${LAUNCHER}</script>`));
  return dir;
}

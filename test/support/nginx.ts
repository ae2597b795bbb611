import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accepting, freePort } from './free-port.js';

/** Debian's nginx, installed by `.ci/run` when missing. */
export const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** How the balancer picks a process: round robin (the README's site) or by session (its `upstream` by hash). */
export type Balancing = 'round-robin' | 'by-session';

/**
 * The load balancer the README shows for scale-out (the first ```nginx block of its scale-out
 * section); `by-session`: with its `upstream` replaced by the section's second block (a `map`
 * and an `upstream` that hashes the session id).
 */
export function clusterSiteFromReadme(balancing: Balancing = 'round-robin'): string {
  const section = README.slice(README.indexOf('### Scale-out'));
  const blocks = [...section.matchAll(/```nginx\n([\s\S]*?)\n```/g)].map((m) => m[1]!);
  const site = blocks[0];
  if (!site) throw new Error('README.md has no ```nginx block in its scale-out section');
  if (balancing === 'round-robin') return site;
  const byHash = blocks[1];
  const upstream = /upstream session_chat_cluster \{[\s\S]*?\n\}/;
  if (!byHash || !upstream.test(site) || !upstream.test(byHash)) throw new Error('README.md has no by-session upstream in its scale-out section');
  return site.replace(upstream, byHash);
}

/**
 * nginx's main config for a test: pid, logs and temp folders inside `dir`, and `dir/site.conf`
 * (written by the caller) included in `http`. Returns its path.
 */
export async function writeMainConf(dir: string): Promise<string> {
  const temp = (name: string): string => `${name}_temp_path ${join(dir, `${name}-temp`)};`;
  const conf = join(dir, 'nginx.conf');
  await writeFile(
    conf,
    [
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')};`,
      // Room for the benchmark's 1,000 sockets, each held twice (client side and upstream side).
      'worker_rlimit_nofile 8192;',
      'events { worker_connections 4096; }',
      'http {',
      '  access_log off;',
      `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
      `  include ${join(dir, 'site.conf')};`,
      '}',
      '',
    ].join('\n'),
  );
  return conf;
}

export interface TestNginx {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** nginx's process (one process: no master, one worker's work). */
  pid: number;
  close(): Promise<void>;
}

/**
 * The README's scale-out site, as written, on a free loopback port in front of the given relay
 * ports (its three `server` lines become these), with its own folder; never a system service.
 */
export async function startNginxCluster(relayPorts: readonly number[], balancing: Balancing = 'round-robin'): Promise<TestNginx> {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: install Debian's nginx (.ci/run does)`);
  const dir = await mkdtemp(join(tmpdir(), 'session-chat-nginx-cluster-'));
  const port = await freePort();
  let site = clusterSiteFromReadme(balancing);
  const servers = site.match(/^\s*server 127\.0\.0\.1:\d+ max_fails=0;$/gm) ?? [];
  if (servers.length === 0 || !/listen 80;/.test(site)) throw new Error('the README scale-out site changed shape: no upstream servers or no "listen 80;"');
  site = site.replace(servers.join('\n'), relayPorts.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join('\n'));
  site = site.replace('listen 80;', `listen 127.0.0.1:${port};`);
  await writeFile(join(dir, 'site.conf'), site);
  const conf = await writeMainConf(dir);
  const child: ChildProcess = spawn(NGINX, ['-c', conf, '-p', `${dir}/`, '-e', join(dir, 'error.log'), '-g', 'daemon off; master_process off;'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await accepting(port);
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

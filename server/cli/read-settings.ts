import { parseArgs } from 'node:util';
import type { RelayOptions } from '../options.js';
import { RELAY_SETTINGS, type RelaySetting } from './relay-settings.js';
import { SettingValueError } from './setting-parsers.js';

/** A deployment setting that does not parse: the message names its flag or variable and what was expected. */
export class RelaySettingError extends Error {
  override name = 'RelaySettingError';
  readonly code = 'SESSION_CHAT_BAD_SETTING';
}

function apply(setting: RelaySetting, options: RelayOptions, raw: string, source: string): void {
  try {
    setting.set(options, raw);
  } catch (error) {
    if (error instanceof SettingValueError) throw new RelaySettingError(`${source} ${error.message}`);
    throw error;
  }
}

/**
 * The relay's options from the environment: each variable of {@link RELAY_SETTINGS} that is
 * set and not empty (but those of the settings in `skip`). Throws a {@link RelaySettingError} for a value that does not parse.
 */
export function relayOptionsFromEnv(env: NodeJS.ProcessEnv = process.env, skip: ReadonlySet<RelaySetting> = new Set()): RelayOptions {
  const options: RelayOptions = {};
  for (const setting of RELAY_SETTINGS) {
    if (skip.has(setting)) continue;
    const raw = env[setting.env];
    if (raw !== undefined && raw !== '') apply(setting, options, raw, setting.env);
  }
  return options;
}

/** What `session-chat serve ARGS` was asked for. */
export interface ServeArguments {
  /** `--help` / `-h` was given: print the help, start nothing. */
  help: boolean;
  /** The environment's settings with the flags' over them (flags win). */
  options: RelayOptions;
}

function shortParseMessage(error: Error & { code?: string }): string {
  const unknown = /^Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `unknown option ${unknown[1]}`;
  return error.message;
}

/**
 * Parses `serve`'s arguments over the environment. A switch (`--fsync`) has a `--no-…`
 * twin; when a flag is given twice, the last one counts.
 */
export function readServeArguments(args: readonly string[], env: NodeJS.ProcessEnv = process.env): ServeArguments {
  const byFlag = new Map<string, { setting: RelaySetting; value?: string }>();
  const config: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const setting of RELAY_SETTINGS) {
    const name = setting.flag.slice(2);
    if (setting.value === '') {
      config[name] = { type: 'boolean' };
      config[`no-${name}`] = { type: 'boolean' };
      byFlag.set(name, { setting, value: 'true' });
      byFlag.set(`no-${name}`, { setting, value: 'false' });
    } else {
      config[name] = { type: 'string' };
      byFlag.set(name, { setting });
    }
  }
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: [...args], options: config, strict: true, allowPositionals: false, tokens: true }));
  } catch (error) {
    throw new RelaySettingError(shortParseMessage(error as Error));
  }
  const help = tokens.some((token) => token.kind === 'option' && token.name === 'help');
  if (help) return { help, options: {} };
  const flags = tokens.flatMap((token) => {
    const flag = token.kind === 'option' ? byFlag.get(token.name) : undefined;
    return flag && token.kind === 'option' ? [{ ...flag, name: token.name, raw: flag.value ?? token.value ?? '' }] : [];
  });
  // A setting given as a flag ignores its variable altogether (even one that would not parse).
  const options = relayOptionsFromEnv(env, new Set(flags.map((flag) => flag.setting)));
  for (const flag of flags) apply(flag.setting, options, flag.raw, `--${flag.name}`);
  return { help, options };
}

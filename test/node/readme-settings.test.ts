import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RELAY_SETTINGS, type RelaySetting } from '../../server/index.js';

// The README's table of deployment settings is the settings table itself, written as Markdown:
// a setting added, renamed or re-described in server/cli/relay-settings.ts must show there.

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

const escape = (text: string): string => text.replace(/([*_|])/g, '\\$1');

function flagCell(setting: RelaySetting): string {
  return setting.value === '' ? `\`${setting.flag}\` / \`--no-${setting.flag.slice(2)}\`` : `\`${setting.flag} ${setting.value}\``;
}

/** The table as the README must hold it. */
function settingsTable(): string {
  const rows = RELAY_SETTINGS.map(
    (setting) => `| \`${setting.env}\` | ${flagCell(setting)} | ${escape(setting.default)} | ${escape(setting.description)} |`,
  );
  return ['| variable | flag | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

test('the README lists every deployment setting as the settings table defines it', () => {
  const expected = settingsTable();
  assert.ok(
    README.includes(`\n${expected}\n`),
    `README.md (The relay > Deployment) must hold this table, generated from RELAY_SETTINGS:\n\n${expected}\n`,
  );
});

test('every setting has its own variable and flag, and the flags are kebab-case', () => {
  const envs = RELAY_SETTINGS.map((s) => s.env);
  const flags = RELAY_SETTINGS.map((s) => s.flag);
  assert.equal(new Set(envs).size, envs.length);
  assert.equal(new Set(flags).size, flags.length);
  for (const setting of RELAY_SETTINGS) {
    assert.match(setting.flag, /^--[a-z]+(-[a-z]+)*$/);
    assert.match(setting.env, /^(PORT|LOG_LEVEL|SESSION_CHAT_[A-Z_]+)$/);
    assert.ok(setting.description.length > 0 && !setting.description.includes('\n'), `${setting.flag}: one line`);
  }
});

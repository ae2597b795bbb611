#!/usr/bin/env node
// The package's command: `session-chat serve` starts the relay, `session-chat token …` mints a join token.
import { runCli } from '../dist/server/cli.js';

runCli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { codeBlocks } from './support/code-blocks.js';

describe('codeBlocks (how the package test reads the README)', () => {
  test('reads each block with its language, the words after it and its line', () => {
    const markdown = ['# Title', '', '```ts node', "import x from 'y';", '```', '', '```sh', 'npm test', '```', '```', 'plain', '```'].join('\n');
    assert.deepEqual(codeBlocks(markdown), [
      { lang: 'ts', flags: ['node'], code: "import x from 'y';", line: 3 },
      { lang: 'sh', flags: [], code: 'npm test', line: 7 },
      { lang: '', flags: [], code: 'plain', line: 10 },
    ]);
  });

  test('keeps a shorter or other fence inside a block, and strips the indentation of an indented fence', () => {
    const markdown = ['  ~~~~TSX', '  const a = 1;', '  ```', '  ~~~', '    nested();', '  ~~~~'].join('\n');
    assert.deepEqual(codeBlocks(markdown), [{ lang: 'tsx', flags: [], code: 'const a = 1;\n```\n~~~\n  nested();', line: 1 }]);
  });

  test('refuses a block that is never closed', () => {
    assert.throws(() => codeBlocks('text\n```ts\nconst a = 1;\n'), { message: 'the code block opened on line 2 is never closed' });
  });
});

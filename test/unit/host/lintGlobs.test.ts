import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { globToRegExp, LINTED_SCHEMES, matchesAnyGlob } from '../../../src/host/diagnostics/globs';

describe('xlam.lint.extraGlobs matching (closed files are classified like open documents)', () => {
  it('VS Code glob syntax: **, *, ?, {a,b}, [a-z], [!a-z]', () => {
    const cases: Array<[string, string, boolean]> = [
      ['**/*.functions.json', '/w/a/b/agent.functions.json', true],
      ['**/*.functions.json', 'agent.functions.json', true],
      ['**/*.functions.json', '/w/agent.functions.jsonl', false],
      ['tools/*.json', 'tools/a.json', true],
      ['tools/*.json', 'tools/sub/a.json', false],
      ['tools/**', 'tools/sub/a.json', true],
      ['**/tools/**/*.json', '/w/x/tools/a/b/c.json', true],
      ['a?.json', 'ab.json', true],
      ['a?.json', 'a/.json', false],
      ['**/*.{tools,functions}.json', '/w/x.functions.json', true],
      ['**/*.{tools,functions}.json', '/w/x.other.json', false],
      ['v[0-9].json', 'v1.json', true],
      ['v[!0-9].json', 'v1.json', false],
      ['v[!0-9].json', 'vx.json', true],
      ['a+b (1).json', 'a+b (1).json', true],
      ['a+b (1).json', 'aab (1).json', false],
    ];
    for (const [glob, path, expected] of cases) assert.equal(globToRegExp(glob).test(path), expected, `${glob} on ${path}`);
  });

  it('a glob matches the absolute path (DocumentFilter) or the workspace-relative one (findFiles, watchers)', () => {
    assert.equal(matchesAnyGlob(['tools/*.json'], '/w/tools/a.json', 'tools/a.json'), true);
    assert.equal(matchesAnyGlob(['tools/*.json'], '/w/tools/a.json', undefined), false, 'outside any workspace folder');
    assert.equal(matchesAnyGlob(['**/*.functions.json'], '/tmp/x/agent.functions.json', undefined), true);
    assert.equal(matchesAnyGlob([], '/w/a.json', 'a.json'), false);
    assert.equal(matchesAnyGlob(['tools\\*.json'], '/w/tools/a.json', 'tools/a.json'), true, 'Windows separators in a setting');
  });

  it('only file and untitled documents are linted (a git: or diff view would duplicate problems)', () => {
    assert.deepEqual([...LINTED_SCHEMES].sort(), ['file', 'untitled']);
  });
});

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { ajvStats, clearLintCaches, lintToolsText, type Diagnostic } from '../../../src/core/lint';
import { fastPaths } from '../../../src/core/lint/fastPaths';

const ALL = { maxDiagnostics: Infinity, budgetMs: Infinity };

/** A tool of the generated file; one in seven is broken in one of several ways. */
function tool(i: number, edit = 0): unknown {
  const params: Record<string, unknown> = {
    type: 'object',
    properties: {
      id: { type: 'integer', description: `Record id in catalogue ${i}`, minimum: edit },
      query: { type: 'string', description: 'Free-text filter', maxLength: 200 },
      code: { type: 'string', pattern: `^[A-Z]{2}${i % 10}$`, description: 'Region code' },
    },
    required: ['id'],
  };
  const props = params.properties as Record<string, Record<string, unknown>>;
  switch (i % 7 === 3 ? (i / 7) % 8 | 0 : -1) {
    case 0: props.query = { type: 'str', description: 'A BFCL type name' }; break;
    case 1: params.required = ['id', 'nope']; break;
    case 2: props.code = { type: 'string', pattern: '([a-z', description: 'Invalid pattern' }; break;
    case 3: props.id = { type: 'integer', minimum: 'zero', description: 'Meta-invalid minimum' }; break;
    case 4: props.tags = { $ref: '#/$defs/tags' }; params.$defs = { tags: { type: 'array', items: { type: 'string' } } }; break;
    case 5: params.$id = `urn:tool:${i}`; props.again = { $ref: '#/properties/id' }; break;
    case 6: props.limit = { type: 'integer', default: 1.5, description: 'Default of the wrong type' }; break;
    case 7: return { name: `tool_${i - 7}`, description: 'Short', parameters: params };
  }
  return { type: 'function', function: { name: `tool_${i}`, description: `Tool number ${i}: looks up record ${i} in the catalogue`, parameters: params } };
}

const file = (edits: ReadonlyMap<number, number> = new Map()) => JSON.stringify(Array.from({ length: 1000 }, (_, i) => tool(i, edits.get(i) ?? 0)), null, 2);

/** The full path: no cached tool, schema or snapshot. */
function fullLint(text: string): Diagnostic[] {
  clearLintCaches();
  return lintToolsText(text, undefined, ALL);
}

describe('fast paths give what the full lint gives (1,000 tools, some broken)', () => {
  const text = file();
  const full = fullLint(text);

  it('the file has diagnostics of every broken kind', () => {
    const codes = new Set<string>(full.map((d) => d.code));
    for (const code of ['type-nonstandard', 'required-unknown', 'pattern-invalid', 'schema-invalid', 'default-mismatch', 'tool-name-duplicate', 'tool-description-short', 'grammar-unenforced']) assert.ok(codes.has(code), code);
  });

  it('warm caches, and the snapshot of the same file, change nothing', () => {
    assert.deepEqual(lintToolsText(text, undefined, ALL), full);
    assert.deepEqual(lintToolsText(text, 'fast.tools.json', ALL), full);
    assert.deepEqual(lintToolsText(text, 'fast.tools.json', ALL), full);
  });

  it('a re-lint after editing one tool (snapshot, cached tools) equals a full lint of the edited file', () => {
    fullLint(text);
    lintToolsText(text, 'edit.tools.json', ALL);
    const edits = new Map<number, number>();
    for (const index of [0, 3, 38, 500, 999, 73]) {
      edits.set(index, (edits.get(index) ?? 0) + 2);
      const edited = file(edits);
      const fast = lintToolsText(edited, 'edit.tools.json', ALL);
      const noSnapshot = lintToolsText(edited, undefined, ALL);
      assert.deepEqual(fast, fullLint(edited), `edit of tool ${index}`);
      assert.deepEqual(noSnapshot, fast);
      lintToolsText(edited, 'edit.tools.json', ALL); // the full lint cleared the caches: warm them again
    }
  });

  it('the cold lint compiles only the schemas whose $ids ajv must resolve, and each once', () => {
    clearLintCaches();
    const before = ajvStats.compiles;
    lintToolsText(text, undefined, ALL);
    const withId = Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 7 === 3 && ((i / 7) % 8 | 0) === 5).length;
    assert.ok(withId > 10);
    assert.equal(ajvStats.compiles - before, withId);
    lintToolsText(file(new Map([[1, 5]])), undefined, ALL);
    assert.equal(ajvStats.compiles - before, withId, 'editing a tool without $id compiles nothing');
  });
});

/** A cold lint with every shortcut of fastPaths.ts turned off. */
function slowLint(text: string): Diagnostic[] {
  const saved = { ...fastPaths };
  for (const key of Object.keys(fastPaths) as Array<keyof typeof fastPaths>) fastPaths[key] = false;
  try {
    return fullLint(text);
  } finally {
    Object.assign(fastPaths, saved);
  }
}

const FIXTURES = resolve(__dirname, '../../../../test/fixtures/lint');
const toolsFixtures = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? toolsFixtures(join(dir, entry.name)) : entry.name.endsWith('.tools.json') ? [join(dir, entry.name)] : []));

describe('the cold lint shortcuts (fastPaths.ts) change no diagnostic', () => {
  it('on the broken 1,000-tool file: codes, messages, ranges and paths', () => {
    const text = file();
    const fast = fullLint(text);
    assert.ok(fast.length > 1000);
    assert.deepEqual(fast, slowLint(text));
  });

  it('on every tools file of the lint fixtures', () => {
    const files = toolsFixtures(FIXTURES);
    assert.ok(files.length >= 20, `${files.length} fixtures`);
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      assert.deepEqual(fullLint(text), slowLint(text), path);
    }
  });

  it('the shortcuts are taken: a cold lint of the plain 1,000-tool file meta-validates only the non-plain schemas', () => {
    clearLintCaches();
    const before = ajvStats.metaValidations;
    lintToolsText(file(), undefined, ALL);
    const fast = ajvStats.metaValidations - before;
    slowLint(file());
    const slow = ajvStats.metaValidations - before - fast;
    assert.ok(fast < slow / 2, `${fast} meta-validations with the shortcuts, ${slow} without`);
  });
});

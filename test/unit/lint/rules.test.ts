import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { clearLintCaches, lintText, RULE_CODES, RULES, type Diagnostic, type LintOptions, type RuleCode } from '../../../src/core/lint';
import { Reporter } from '../../../src/core/lint/reporter';

const ROOT = resolve(__dirname, '../../../..');
const FIXTURES = join(ROOT, 'test/fixtures/lint');

/**
 * One rule, a file that triggers it and one that does not. `line`/`column` (1-based) and `text`
 * are where the diagnostic must be: the generator found them by searching the fixture text, not
 * by running the linter.
 */
interface Case {
  code: RuleCode;
  bad: string;
  good: string;
  line: number;
  column: number;
  text: string;
  note: string;
  badOptions?: LintOptions;
}

const CASES = JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as Case[];

export function lintFixture(relative: string, options: LintOptions = {}): { text: string; diagnostics: Diagnostic[] } {
  const path = join(FIXTURES, relative);
  const text = readFileSync(path, 'utf8');
  const resolveTools = (ref: string) => {
    try {
      return readFileSync(resolve(dirname(path), ref), 'utf8');
    } catch {
      return undefined;
    }
  };
  return { text, diagnostics: lintText(text, path, resolveTools, options) };
}

const show = (text: string, ds: Diagnostic[]) =>
  ds.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${JSON.stringify(text.slice(d.range.start.offset, d.range.end.offset))} ${d.message}`).join('\n');

describe('lint rules: each rule on a file that triggers it (exact position) and one that does not', () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.bad}${c.note ? ` (${c.note})` : ''}`, () => {
      if (c.badOptions !== undefined) clearLintCaches(); // a cached tool is not linted again, so never runs out of time
      const { text, diagnostics } = lintFixture(c.bad, c.badOptions);
      const hit = diagnostics.find((d) => d.code === c.code && d.range.start.line === c.line && d.range.start.column === c.column);
      assert.ok(hit, `no ${c.code} at ${c.line}:${c.column}; got:\n${show(text, diagnostics)}`);
      assert.equal(text.slice(hit.range.start.offset, hit.range.end.offset), c.text, 'the range covers exactly the expected text');
      assert.equal(hit.severity, RULES[c.code].severity);
      assert.ok(hit.message.length > 0);
    });
    it(`${c.code}: not reported for ${c.good}`, () => {
      const { text, diagnostics } = lintFixture(c.good);
      const hits = diagnostics.filter((d) => d.code === c.code);
      assert.deepEqual(hits, [], show(text, hits));
    });
  }

  it('every rule code has a case (internal-error is tested below: no input should trigger it)', () => {
    const covered = new Set<string>(CASES.map((c) => c.code));
    assert.deepEqual(RULE_CODES.filter((code) => !covered.has(code) && code !== 'internal-error'), []);
  });

  it('internal-error: a rule that throws becomes a located diagnostic, and the lint goes on', () => {
    const rep = new Reporter('[{}]');
    rep.guard({ offset: 1, length: 2 }, 'tool 0', () => {
      throw new Error('boom');
    });
    rep.add('tool-name-missing', { offset: 1, length: 1 }, 'after');
    const ds = rep.finish();
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.range.start.column, d.range.end.column]),
      [
        ['tool-name-missing', 'error', 2, 3],
        ['internal-error', 'warning', 2, 4],
      ],
    );
    assert.match(ds[1]?.message ?? '', /tool 0: boom/);
  });

  it('the good tools fixtures have no errors at all', () => {
    for (const c of CASES.filter((c) => c.good.startsWith('tools/'))) {
      const { text, diagnostics } = lintFixture(c.good);
      const errors = diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors, [], `${c.good}:\n${show(text, errors)}`);
    }
  });

  it('schemas/README.md documents every rule code with its severity and doc', () => {
    const readme = readFileSync(join(ROOT, 'schemas/README.md'), 'utf8');
    for (const code of RULE_CODES) {
      const { severity, scope, doc } = RULES[code];
      assert.ok(readme.includes(`| \`${code}\` | ${severity} | ${scope} | ${doc.replace(/\|/g, '\\|')} |`), code);
    }
  });
});

describe('lint rules: messages and quick-fix data', () => {
  const first = (file: string, code: RuleCode) => lintFixture(file).diagnostics.find((d) => d.code === code);

  it('json-syntax reports every jsonc-parser error, not only the first', () => {
    const errors = lintFixture('tools/json-syntax.bad.tools.json').diagnostics.filter((d) => d.code === 'json-syntax');
    assert.ok(errors.length >= 2, `${errors.length} errors`);
    assert.ok(errors.some((d) => /comment/.test(d.message)));
  });

  it('required-unknown carries the fix and the JSON path of the item', () => {
    const d = first('tools/required-unknown.bad.tools.json', 'required-unknown');
    assert.deepEqual(d?.data, { fix: 'remove-required', name: 'country', index: 1 });
    assert.deepEqual(d?.relatedPath, [0, 'parameters', 'required', 1]);
  });

  it('required-absent proposes the properties without a default', () => {
    assert.deepEqual(first('tools/required-absent.bad.tools.json', 'required-absent')?.data, { fix: 'add-required', names: ['city'] });
  });

  it('param-description-missing and tool-description-missing carry an add-description fix and the path', () => {
    const param = first('tools/param-description-missing.bad.tools.json', 'param-description-missing');
    assert.deepEqual([param?.data, param?.relatedPath], [{ fix: 'add-description' }, [0, 'parameters', 'properties', 'city']]);
    assert.deepEqual(first('tools/tool-description-missing.bad.tools.json', 'tool-description-missing')?.relatedPath, [0]);
  });

  it('type-nonstandard names the JSON Schema type to use', () => {
    const d = first('tools/type-nonstandard.bad.tools.json', 'type-nonstandard');
    assert.deepEqual(d?.data, { fix: 'replace-type', from: 'int', to: 'integer' });
  });

  it('pattern-invalid gives the regex engine message', () => {
    assert.match(first('tools/pattern-invalid.bad.tools.json', 'pattern-invalid')?.message ?? '', /Invalid regular expression: \/\^\[0-9\]\{5\/u: Incomplete quantifier/);
  });

  it('schema-invalid names the keyword and what it must be', () => {
    assert.equal(first('tools/schema-invalid.bad.tools.json', 'schema-invalid')?.message, '"minimum" must be number');
  });

  it('call-unknown-function suggests the closest tool name, with a rename fix', () => {
    const d = first('calls/call-unknown-function.bad.calls.jsonl', 'call-unknown-function');
    assert.equal(d?.message, 'unknown function "book_hotels"; did you mean "book_hotel"?');
    assert.deepEqual(d?.data, { fix: 'rename-call', from: 'book_hotels', to: 'book_hotel' });
  });

  it('call-arg-type follows BFCL: float for integer and bool for number fail, int for number passes', () => {
    const messages = lintFixture('calls/call-arg-type.bad.calls.jsonl').diagnostics.filter((d) => d.code === 'call-arg-type').map((d) => d.message);
    assert.deepEqual(messages, [
      '"nights" is 2.0 (float); expected integer (BFCL does not accept a float for an integer)',
      '"budget" is true (boolean); expected number (a boolean is never a number)',
    ]);
  });

  it('call-arg-constraint reports ajv keywords: minimum and format', () => {
    const messages = lintFixture('calls/call-arg-constraint.bad.calls.jsonl').diagnostics.filter((d) => d.code === 'call-arg-constraint').map((d) => d.message);
    assert.deepEqual(messages, ['"nights" must be >= 1 (minimum)', '"email" must match format "email"']);
  });

  it('calls-differ-expected reports both the unexpected call and the missing expected one', () => {
    const ds = lintFixture('calls/calls-differ-expected.bad.calls.jsonl').diagnostics.filter((d) => d.code === 'calls-differ-expected');
    assert.deepEqual(
      ds.map((d) => d.message),
      ['call book_hotel({"city":"Paris","nights":2}) is not expected', 'expected call book_hotel({"city":"Paris","nights":3}) is not among the calls'],
    );
  });

  it('fc-v1-loss is only reported when the target format is fc-v1 (or not given)', () => {
    assert.ok(lintFixture('tools/fc-v1-loss.bad.tools.json', { format: 'fc-v1' }).diagnostics.some((d) => d.code === 'fc-v1-loss'));
    assert.ok(!lintFixture('tools/fc-v1-loss.bad.tools.json', { format: 'xlam2-qwen' }).diagnostics.some((d) => d.code === 'fc-v1-loss'));
  });
});

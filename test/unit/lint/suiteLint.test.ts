import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { lintKind, lintText, type Diagnostic } from '../../../src/core/lint';

const ROOT = resolve(__dirname, '../../../..');

function lintFile(path: string): { text: string; diagnostics: Diagnostic[] } {
  const text = readFileSync(path, 'utf8');
  const resolveTools = (ref: string): string | undefined => {
    try {
      return readFileSync(resolve(dirname(path), ref), 'utf8');
    } catch {
      return undefined;
    }
  };
  return { text, diagnostics: lintText(text, path, resolveTools) };
}

const found = (text: string, ds: Diagnostic[]): string[] => ds.map((d) => `${d.code} ${text.slice(d.range.start.offset, d.range.end.offset)}`);

describe('lint of test suites (*.fctest.json)', () => {
  it('*.fctest.json is linted as a suite', () => {
    assert.equal(lintKind('/a/b/travel.fctest.json'), 'suite');
  });

  it("checks each case's expected calls against its tools, located at the value (accept lists value by value)", () => {
    const { text, diagnostics } = lintFile(join(ROOT, 'test/fixtures/lint/suites/calls.bad.fctest.json'));
    assert.deepEqual(found(text, diagnostics), [
      'call-unknown-function "book_hotle"',
      'call-missing-arg "book_hotel"',
      'call-arg-type "two"',
      'call-arg-enum "suite"',
    ]);
    const missing = diagnostics.find((d) => d.code === 'call-missing-arg');
    assert.match(missing?.message ?? '', /missing the required argument "nights"/);
    assert.equal(diagnostics.find((d) => d.code === 'call-unknown-function')?.range.start.line, 5);
  });

  it('the example suite is clean', () => {
    const { text, diagnostics } = lintFile(join(ROOT, 'examples/travel.fctest.json'));
    assert.deepEqual(found(text, diagnostics.filter((d) => d.severity !== 'info')), []);
  });

  it('an unreadable tools file is reported at the reference, once', () => {
    const text = '{"tools": "missing.tools.json", "cases": [{"id": "a", "query": "q", "expect": {"calls": [{"name": "f"}]}}]}';
    const diagnostics = lintText(text, '/tmp/x.fctest.json', () => undefined);
    assert.deepEqual(found(text, diagnostics), ['calls-tools-unresolved "missing.tools.json"']);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintCallsText, lintToolsText, type Diagnostic } from '../../../src/core/lint';
import { collectPatternSkips, guardedRegExp } from '../../../src/core/lint/patternEngine';
import { maxPatternInput, patternRisk } from '../../../src/core/lint/regexSafety';

const noTools = () => undefined;
const show = (text: string, ds: Diagnostic[]) => ds.map((d) => [d.code, text.slice(d.range.start.offset, d.range.end.offset), d.message]);

const tool = (pattern: string, extra: object = {}) => ({
  name: 'check',
  description: 'Check that a product code is valid',
  parameters: { type: 'object', properties: { s: { type: 'string', description: 'The code to check', pattern, ...extra } }, required: ['s'] },
});

describe('regex risk from the syntax', () => {
  it('exponential: nested quantifiers and alternatives that start alike under a repeat', () => {
    for (const source of ['^(a+)+$', '(a*)*b', '^(\\w+\\s?)+$', '^(a|aa)+$', '(a|a?)+', '^(([a-z])+.)+[A-Z]([a-z])+$', '(?:x+x+)+y', '^(a|b|ab)*c$', '((ab)*)+$', '(?=(a+)+$)']) {
      assert.ok(patternRisk(source).exponential !== undefined, source);
    }
  });

  it('not exponential: a mandatory separator nothing else in the group matches ends each repeat', () => {
    for (const source of ['^[A-Z]{3}$', '^([a-z0-9-]+\\.)+[a-z]{2,}$', '^(\\d{1,3}\\.){3}\\d{1,3}$', '^"(?:[^"\\\\]|\\\\.)*"$', '^\\S+@\\S+$', '^(foo|bar)+$', '^[a-z]+( [a-z]+)*$', '^\\p{L}+$']) {
      assert.equal(patternRisk(source).exponential, undefined, source);
    }
  });

  it('degree: unbounded repeats that can eat the same characters in a row, +1 when unanchored', () => {
    assert.deepEqual(
      ['^[A-Z]{3}$', 'abc', '^\\d+$', '[a-z]+x', '^\\d+\\d+$', '^\\d+\\.\\d+$', '^.*a.*b.*c$', '^[a-z]{1,16}$'].map((s) => patternRisk(s).degree),
      [0, 0, 1, 2, 2, 1, 3, 0],
    );
    assert.deepEqual([0, 1, 2, 3, 4].map(maxPatternInput), [Infinity, Infinity, 4472, 271, 66]);
  });

  it('the ajv engine never runs a risky pattern, never throws, and logs what it skipped', () => {
    const evil = guardedRegExp('^(a+)+$', 'u');
    const { value, skips } = collectPatternSkips(() => evil.test(`${'a'.repeat(40)}!`));
    assert.equal(value, true, 'a skipped test passes');
    assert.deepEqual(
      skips.map((s) => [s.pattern, s.input.length]),
      [['^(a+)+$', 41]],
    );
    const broken = guardedRegExp('([a-z]', 'u');
    assert.equal(broken.test('x'), true);
    assert.equal(guardedRegExp('^[a-z]+$', 'u').test('abc1'), false);
    const cubic = guardedRegExp('^.*a.*b.*c$', 'u');
    assert.equal(cubic.test('xaybzc'), true);
    assert.deepEqual(
      collectPatternSkips(() => cubic.test('ab'.repeat(5000))).skips.map((s) => s.reason),
      ['the string has 10000 characters; this pattern is only run on up to 271 (its backtracking grows as a power of the length)'],
    );
    assert.equal(String(cubic), '/^.*a.*b.*c$/u');
  });
});

describe('catastrophic patterns in tools and calls', () => {
  it('the tools lint reports pattern-unsafe at the pattern', () => {
    const text = JSON.stringify([tool('^(a+)+$')]);
    const d = lintToolsText(text).filter((x) => x.code === 'pattern-unsafe');
    assert.deepEqual(show(text, d), [
      ['pattern-unsafe', '"^(a+)+$"', 'this pattern can take exponential time on some strings: a repeated group holds a quantifier, so iterations can split a string in many ways (nested quantifiers such as (a+)+); arguments are not checked against it'],
    ]);
  });

  it('a call with "a"×40 + "!" against ^(a+)+$ finishes (a backtracking engine would take days) and says it was not checked', () => {
    const line = JSON.stringify({ tools: [tool('^(a+)+$', { maxLength: 30 })], format: 'xlam2-qwen', calls: [{ name: 'check', arguments: { s: `${'a'.repeat(40)}!` } }] });
    const ds = lintCallsText(line, 'a.calls.jsonl', noTools);
    const value = JSON.stringify(`${'a'.repeat(40)}!`);
    assert.deepEqual(show(line, ds), [
      ['call-arg-constraint', value, '"s" must NOT have more than 30 characters (maxLength)'],
      ['call-args-unchecked', value, '"s" is not checked against the pattern "^(a+)+$": it can take exponential time: a repeated group holds a quantifier, so iterations can split a string in many ways (nested quantifiers such as (a+)+)'],
    ]);
  });

  it('a polynomial pattern on a long string: the rest is checked, the pattern is skipped and said so', () => {
    const long = 'ab'.repeat(5000);
    const line = JSON.stringify({ tools: [tool('^.*a.*b.*c$')], format: 'xlam2-qwen', calls: [{ name: 'check', arguments: { s: long } }, { name: 'check', arguments: { s: 'abd' } }] });
    const ds = lintCallsText(line, 'a.calls.jsonl', noTools);
    assert.deepEqual(
      ds.map((d) => [d.code, d.range.start.offset]),
      [
        ['call-args-unchecked', line.indexOf(`"${long}"`)],
        ['call-arg-constraint', line.indexOf('"abd"')],
      ],
    );
  });

  it('an invalid pattern does not stop the other constraints of the schema from being checked', () => {
    const line = JSON.stringify({ tools: [tool('([a-z]', { minLength: 5 })], format: 'xlam2-qwen', calls: [{ name: 'check', arguments: { s: 'abc' } }] });
    assert.deepEqual(
      lintCallsText(line, 'a.calls.jsonl', noTools).map((d) => d.message),
      ['"s" must NOT have fewer than 5 characters (minLength)', '"s" is not checked against the pattern "([a-z]": it is not a valid regular expression (Invalid regular expression: /([a-z]/u: Unterminated group)'],
    );
  });
});

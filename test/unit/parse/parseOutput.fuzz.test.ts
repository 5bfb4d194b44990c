import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { OutputFamily } from '../../../src/core/formats/types';
import { parsePythonJson, rawDecode } from '../../../src/core/json/parsePythonJson';
import { parseOutput } from '../../../src/core/parse/parseOutput';
import { parseTolerant } from '../../../src/core/parse/tolerant';
import { OUTPUT_SHAPES, type ParseResult } from '../../../src/core/parse/types';
import { parseVllmXlam, vllmExtractToolCalls } from '../../../src/core/parse/vllmXlam';

/**
 * parseOutput has a try/catch as a last line of defence; these properties call the inner parsers
 * directly too, so a throw anywhere shows up here instead of being swallowed.
 */

const family = fc.constantFrom<OutputFamily>('fc-v1', 'general-v1', 'xlam2');

const fragment = fc.constantFrom(
  '[', ']', '{', '}', '"name"', '"arguments"', '"tool_calls"', '"thought"', '"parameters"', '"function"', ':', ',', ';',
  ' ', '\n', '\t', '"', '\\', '"a"', '"get_weather"', '1', '1.0', '-', 'NaN', 'Infinity', 'null', 'true', '{}', '[]',
  '```', '```json\n', '[TOOL_CALLS]', '<tool_call>', '</tool_call>', '<think>', '</think>', '<|im_end|>', '<|EOT|>', '</s>',
  'Sure! ', 'name', 'arguments', '\u0085', '\u00a0', '\u001c', '\ufeff', '\ud800', 'é', '😀', '"{\\"x\\": 1}"',
);
const jsonish = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));

const argValue = fc.jsonValue({ maxDepth: 2 });
const call = fc.record(
  { name: fc.oneof(fc.constantFrom('get_weather', 'search', 'a.b'), fc.string({ maxLength: 5 })), arguments: fc.oneof(fc.dictionary(fc.string({ maxLength: 4 }), argValue, { maxKeys: 3 }), fc.string({ maxLength: 8 })) },
  { requiredKeys: ['name'] },
);
/** Realistic outputs of every family, in every wrapper the parsers look for. */
const validOutput = fc
  .tuple(
    fc.array(call, { maxLength: 3 }),
    fc.constantFrom('list', 'fc-v1', 'general-v1', 'single', 'semicolons'),
    fc.constantFrom('', 'Sure! ', '<think>hm</think>\n', '[TOOL_CALLS] ', '```json\n', '<tool_call>\n'),
    fc.constantFrom('', '\n```', '\n</tool_call>', '<|im_end|>', ' Done.'),
  )
  .map(([calls, shape, before, after]) => {
    const body =
      shape === 'list' ? JSON.stringify(calls)
      : shape === 'fc-v1' ? JSON.stringify({ tool_calls: calls })
      : shape === 'general-v1' ? JSON.stringify({ thought: 'think', tool_calls: calls }, null, 2)
      : shape === 'single' ? JSON.stringify(calls[0] ?? {})
      : calls.map((c) => JSON.stringify(c)).join('; ');
    return before + body + after;
  });
/** Valid outputs with a cut, a deletion or an insertion somewhere (truncation, stray quotes, …). */
const mutatedOutput = fc
  .tuple(validOutput, fc.nat(), fc.nat({ max: 4 }), fc.constantFrom('', '"', ']', '}', ',', '{', '[', 'x', '\n', '\\', '```'), fc.boolean())
  .map(([text, at, deleted, inserted, truncate]) => {
    const cut = at % (text.length + 1);
    return truncate ? text.slice(0, cut) : text.slice(0, cut) + inserted + text.slice(cut + deleted);
  });

const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 200 }), jsonish, validOutput, mutatedOutput);

function checkShape(result: ParseResult, text: string): void {
  assert.ok(Array.isArray(result.calls));
  assert.equal(typeof result.content, 'string');
  for (const c of result.calls) assert.equal(typeof c.name, 'string');
  for (const problem of [result.error, result.warning]) {
    if (!problem) continue;
    assert.equal(typeof problem.message, 'string');
    assert.ok(problem.offset >= 0 && problem.offset <= text.length, `offset ${problem.offset} of ${text.length}`);
  }
  if (result.shape !== undefined) assert.ok(OUTPUT_SHAPES.includes(result.shape), result.shape);
}

/** The result without `warning`: the one field the family may change. */
function withoutWarning(result: ParseResult): Omit<ParseResult, 'warning'> {
  const { warning, ...rest } = result;
  void warning;
  return rest;
}

describe('parseOutput never throws', () => {
  it('on arbitrary strings, JSON-ish fragments, valid and mutated outputs, in both modes', () => {
    fc.assert(
      fc.property(anyText, family, (text, fam) => {
        const tolerant = parseOutput(text, fam);
        checkShape(tolerant, text);
        if (tolerant.calls.length > 0) assert.notEqual(tolerant.shape, undefined, 'calls were read from some shape');
        const strict = parseOutput(text, fam, 'vllm');
        checkShape(strict, text);
        assert.deepEqual([strict.shape, strict.warning], [undefined, undefined], 'strict mode reports no shape');
      }),
      { numRuns: 3000 },
    );
  });

  it('because the inner parsers do not throw either', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        checkShape(parseTolerant(text), text);
        checkShape(parseVllmXlam(text), text);
        const extraction = vllmExtractToolCalls(text);
        // vLLM's exception path is only ever taken for Python exceptions we model, never our own bugs.
        if (extraction.exception) assert.match(extraction.exception.message, /^(JSONDecodeError|ValueError|RecursionError|ValidationError): /);
        parsePythonJson(text);
        rawDecode(text, text.indexOf('['));
      }),
      { numRuns: 3000 },
    );
  });

  it('lets the family change only the warning in tolerant mode', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const [fcV1, generalV1, xlam2] = (['fc-v1', 'general-v1', 'xlam2'] as const).map((fam) => parseOutput(text, fam));
        assert.deepEqual(withoutWarning(fcV1 as ParseResult), withoutWarning(xlam2 as ParseResult));
        assert.deepEqual(withoutWarning(generalV1 as ParseResult), withoutWarning(xlam2 as ParseResult));
        // A shape is at most one family's own, so at least two of the three families warn about it.
        if (xlam2?.shape !== undefined) assert.ok([fcV1, generalV1, xlam2].filter((r) => r?.warning).length >= 2);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds the calls of unmutated valid outputs in tolerant mode', () => {
    fc.assert(
      fc.property(fc.array(call, { minLength: 1, maxLength: 3 }), (calls) => {
        const wellFormed = calls.every((c) => c.arguments !== undefined);
        fc.pre(wellFormed);
        const result = parseOutput(JSON.stringify(calls), 'xlam2');
        assert.deepEqual(result.calls.map((c) => c.name), calls.map((c) => c.name));
        assert.equal(result.content, '');
      }),
      { numRuns: 500 },
    );
  });
});

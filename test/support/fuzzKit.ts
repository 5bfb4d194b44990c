import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CliRun } from './captureCli';

/*
 * Shared pieces of the fuzz suites (test/unit/fuzz): how many inputs, what bad input looks like,
 * and what every answer to it must be (issue 15: exit 0/1/2, no internal error, no stack trace,
 * errors that name a location or a field).
 */

/**
 * Inputs per property: small in `npm test` (a few seconds for all suites), large in
 * `npm run test:fuzz` (scripts/run-fuzz.mjs sets FUZZ_RUNS).
 */
export const FUZZ_RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 15));
/** A fixed seed in the quick run, so `npm test` is repeatable; a fresh one when scaled up. */
export const FUZZ_SEED = process.env.FUZZ_RUNS === undefined ? 15 : Date.now() % 1_000_000;
export const fuzzParams = (scale = 1): fc.Parameters<unknown> => ({ numRuns: Math.max(1, Math.round(FUZZ_RUNS * scale)), seed: FUZZ_SEED, endOnFailure: true });

/** Inputs tried per command, printed once at the end of a suite (one line per command). */
export class Tally {
  private readonly counts = new Map<string, Map<string, number>>();

  add(command: string, outcome: string | number): void {
    const outcomes = this.counts.get(command) ?? new Map<string, number>();
    outcomes.set(String(outcome), (outcomes.get(String(outcome)) ?? 0) + 1);
    this.counts.set(command, outcomes);
  }

  total(): number {
    let n = 0;
    for (const outcomes of this.counts.values()) for (const c of outcomes.values()) n += c;
    return n;
  }

  lines(): string[] {
    return [...this.counts].map(([command, outcomes]) => {
      const n = [...outcomes.values()].reduce((a, b) => a + b, 0);
      const detail = [...outcomes].sort().map(([k, v]) => `${k}: ${v}`).join(', ');
      return `fuzz ${command}: ${n} inputs (${detail})`;
    });
  }
}

/** Where an error can point: file:line:col, a byte or an offset, a quoted field, or a file path. */
const NAMES_A_PLACE = /^\S+: (no such file|is a directory|cannot read)|cannot read \S+|\S+:\d+:\d+|at byte \d+|at offset \d+|offset \d+|"[^"\n]+"|\/[\w./-]+|--[a-z-]+|<stdin>|\bmessage \d+|\btool \d+|calls\[\d+\]/;

/** What every CLI answer to fuzzed input must be. `codes`: allowed exit codes (parity adds 3). */
export function assertCleanRun(run: CliRun, what: string, codes: readonly number[] = [0, 1, 2]): void {
  const all = `${run.stdout}\n${run.stderr}`;
  assert.ok(codes.includes(run.code), `${what}: exit ${run.code}\n${run.stderr}`);
  assert.doesNotMatch(all, /internal error/, `${what}: ${run.stderr}`);
  assert.doesNotMatch(all, /\n {4}at /, `${what}: stack trace\n${all}`);
  if (run.code === 2) {
    // Usage errors name the command and come with its help.
    assert.match(run.stderr, /^xlam-lab[ :]/, `${what}: ${run.stderr}`);
  } else if (run.code !== 0) {
    const first = run.stderr.split('\n').find((line) => line.trim() !== '') ?? '';
    // lint prints its diagnostics on stdout (lines, or --json with ranges); its stderr is a summary.
    const message = first === '' || /^\d+ errors, /.test(first) ? (run.stdout.split('\n')[0] ?? '') : first;
    assert.match(message, NAMES_A_PLACE, `${what}: the error names no location or field: ${message}`);
  }
}

/** One random edit of a text: what a half-saved file, a bad paste or a broken model writes. */
type Edit = { kind: 'insert'; at: number; text: string } | { kind: 'delete'; at: number; length: number } | { kind: 'truncate'; at: number } | { kind: 'duplicate'; at: number; length: number };

/** Pieces that upset JSON readers: brackets, quotes, escapes, lone surrogates, Python's NaN. */
export const NASTY = ['[', ']', '{', '}', '"', ',', ':', '\\', '\\u', '\\ud800', '\ud800', '\ufffd', 'NaN', '-Infinity', '1e400', '1.0', 'null', '\n', '\u0000', '```', '<tool_call>', '[TOOL_CALLS]', '"$ref": "#"', '"type": ', '[[[[[[[[', '{"a":{"a":'];

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
);

function applyEdit(text: string, edit: Edit): string {
  const at = text.length === 0 ? 0 : edit.at % (text.length + 1);
  switch (edit.kind) {
    case 'insert':
      return text.slice(0, at) + edit.text + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicate':
      return text.slice(0, at + edit.length) + text.slice(at, at + edit.length) + text.slice(at + edit.length);
  }
}

/** A text from `base`, sometimes as is, usually with one to four random edits. */
export function mutated(base: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(base, fc.array(editArb, { maxLength: 4 })).map(([text, edits]) => edits.reduce(applyEdit, text));
}

/** `[[[…1…]]]` around the shared depth limit (and far past it). */
export const deepArb: fc.Arbitrary<string> = fc.tuple(fc.constantFrom(990, 993, 994, 995, 996, 1000, 5000), fc.boolean()).map(([n, objects]) => (objects ? '{"a":'.repeat(n) + '1' + '}'.repeat(n) : '['.repeat(n) + '1' + ']'.repeat(n)));

/** JSON Schemas, valid and not: every keyword the grammar and lint read, $refs that loop. */
export const schemaArb: fc.Arbitrary<unknown> = fc.letrec<{ schema: unknown }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom({ type: 'string' }, { type: 'integer' }, { type: 'number', minimum: 0 }, { type: 'boolean' }, { type: 'null' }, { enum: ['a', 1, null] }, { const: 1.0 }, true, {}, { $ref: '#' }, { $ref: '#/$defs/A' }, { $ref: '#/nowhere' }, { type: 'strin' }, { type: ['string', 'null'] }, { type: 5 }),
    fc.record({ type: fc.constant('object'), properties: fc.dictionary(fc.string({ maxLength: 6 }), tie('schema'), { maxKeys: 3 }), required: fc.oneof(fc.array(fc.string({ maxLength: 6 }), { maxLength: 2 }), fc.jsonValue()), additionalProperties: fc.oneof(fc.boolean(), tie('schema')) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('array'), items: tie('schema'), minItems: fc.integer({ min: -2, max: 5 }), maxItems: fc.integer({ min: -2, max: 5 }) }, { requiredKeys: [] }),
    fc.record({ anyOf: fc.array(tie('schema'), { maxLength: 3 }) }),
    fc.record({ oneOf: fc.array(tie('schema'), { maxLength: 3 }) }),
    fc.record({ $defs: fc.record({ A: tie('schema'), B: tie('schema') }), $ref: fc.constantFrom('#/$defs/A', '#/$defs/B') }),
    fc.record({ properties: fc.jsonValue({ maxDepth: 2 }), items: fc.jsonValue({ maxDepth: 2 }), maxLength: fc.jsonValue({ maxDepth: 1 }), pattern: fc.constantFrom('(a+)+$', '[', '^x$') }, { requiredKeys: [] }),
  ),
})).schema;

/** Tools as a user might write them: the three shapes, fields of every type, and schemas above. */
export const toolArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ name: fc.oneof({ weight: 5, arbitrary: fc.constantFrom('get_weather', 'f', 'a b', '') }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 1 }) }), description: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 1 })), parameters: fc.oneof(schemaArb, fc.jsonValue({ maxDepth: 2 })) }, { requiredKeys: ['name'] }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constantFrom('function', 'function', 'fn', 5), function: fc.record({ name: fc.constantFrom('get_time', 'g'), description: fc.string({ maxLength: 10 }), parameters: schemaArb }, { requiredKeys: ['name'] }) }, { requiredKeys: ['type', 'function'] }) },
  { weight: 1, arbitrary: fc.record({ name: fc.constant('flat'), description: fc.constant('d'), parameters: fc.dictionary(fc.string({ maxLength: 5 }), fc.record({ type: fc.constantFrom('str', 'int, optional', 'List[str]', 'Dict', 'x'), description: fc.string({ maxLength: 5 }), default: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }), { maxKeys: 3 }) }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const toolsJsonArb = fc.tuple(fc.array(toolArb, { maxLength: 3 }), fc.constantFrom(0, 2)).map(([tools, indent]) => JSON.stringify(tools, null, indent));

export const toolsTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: toolsJsonArb },
  { weight: 3, arbitrary: mutated(toolsJsonArb) },
  { weight: 1, arbitrary: deepArb.map((deep) => `[{"name": "f", "description": "d", "parameters": {"type": "object", "properties": {"x": ${deep}}}}]`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);

export const messagesTextArb: fc.Arbitrary<string> = mutated(
  fc
    .array(
      fc.record({ role: fc.oneof(fc.constantFrom('system', 'user', 'assistant', 'tool', 'ipython', 'robot'), fc.jsonValue({ maxDepth: 1 })), content: fc.oneof(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 })), tool_calls: fc.jsonValue({ maxDepth: 3 }), name: fc.string({ maxLength: 5 }) }, { requiredKeys: [] }),
      { maxLength: 4 },
    )
    .map((messages) => JSON.stringify(messages)),
);

/** Model output: calls in every wrapper the parsers read, then edited. */
export const outputArb: fc.Arbitrary<string> = mutated(
  fc
    .tuple(
      fc.array(fc.record({ name: fc.oneof(fc.constantFrom('get_weather', 'f'), fc.jsonValue({ maxDepth: 1 })), arguments: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 10 })) }, { requiredKeys: [] }), { maxLength: 3 }),
      fc.constantFrom('array', 'fence', 'tag', 'mistral', 'tool_calls', 'thought', 'prose', 'one'),
    )
    .map(([calls, wrap]) => {
      const list = JSON.stringify(calls);
      switch (wrap) {
        case 'fence':
          return '```json\n' + list + '\n```';
        case 'tag':
          return `<tool_call>\n${JSON.stringify(calls[0] ?? {})}\n</tool_call>`;
        case 'mistral':
          return `[TOOL_CALLS]${list}`;
        case 'tool_calls':
          return JSON.stringify({ tool_calls: calls });
        case 'thought':
          return JSON.stringify({ thought: 'hmm', tool_calls: calls });
        case 'prose':
          return `Sure! ${list} Done.`;
        case 'one':
          return JSON.stringify(calls[0] ?? {});
        default:
          return list;
      }
    }),
);

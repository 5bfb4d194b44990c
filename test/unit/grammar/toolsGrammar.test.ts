import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { literal } from '../../../src/core/grammar/gbnf';
import { flatParametersToSchema, pythonTypeToSchema } from '../../../src/core/grammar/flatTypes';
import { buildToolsGrammar } from '../../../src/core/grammar/toolsGrammar';
import { pyJsonDumps } from '../../../src/core/json/pyJsonDumps';
import { readJsonDocument } from '../../../src/core/json/readJsonDocument';
import { parseToolsText } from '../../../src/core/loadInputs';

const tool = (parameters: object, name = 'f') => parseToolsText(JSON.stringify([{ name, description: 'd', parameters }]));
const rulesOf = (gbnf: string) => new Map(gbnf.trim().split('\n').map((line) => line.split(' ::= ') as [string, string]));

describe('tools grammar shape per family', () => {
  const tools = tool({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, 'get_x');

  it('fc v1 wraps calls in {"tool_calls": [...]} and allows an empty list', () => {
    const root = rulesOf(buildToolsGrammar(tools, 'fc-v1').gbnf).get('root');
    assert.equal(root, '"{\\"tool_calls\\": " call-list "}"');
  });

  it('general v1 writes a thought first', () => {
    const root = rulesOf(buildToolsGrammar(tools, 'general-v1').gbnf).get('root');
    assert.equal(root, '"{\\"thought\\": " string ", \\"tool_calls\\": " call-list "}"');
  });

  it('xLAM-2 is a non-empty JSON array of calls', () => {
    const root = rulesOf(buildToolsGrammar(tools, 'xlam2').gbnf).get('root');
    assert.equal(root, '"[" call (", " call){0,15} "]"');
  });

  it('bounds the number of calls', () => {
    const rules = rulesOf(buildToolsGrammar(tools, 'fc-v1', { maxCalls: 3 }).gbnf);
    assert.equal(rules.get('call-list'), '"[" (call (", " call){0,2})? "]"');
  });

  it('limits names to the tool names, in the Python-separator layout', () => {
    const rules = rulesOf(buildToolsGrammar(tools, 'xlam2').gbnf);
    assert.equal(rules.get('call'), 't0-call');
    assert.equal(rules.get('t0-call'), '"{\\"name\\": \\"get_x\\", \\"arguments\\": " t0-args-object "}"');
  });

  it('has no unbounded whitespace rule and bounded digit runs', () => {
    const gbnf = buildToolsGrammar(tools, 'fc-v1').gbnf;
    assert.doesNotMatch(gbnf, /\bws\b|\[ \\t\\n\]/);
    assert.match(gbnf, /integer ::= "-"\? \("0" \| \[1-9\] \[0-9\]\{0,17\}\)/);
  });
});

describe('schema to grammar', () => {
  it('makes required properties mandatory and optional ones skippable, in declared order', () => {
    const rules = rulesOf(buildToolsGrammar(tool({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, required: ['b'] }), 'fc-v1').gbnf);
    assert.equal(rules.get('t0-args-object'), '"{" t0-args-first-0 "}"');
    assert.equal(rules.get('t0-args-first-0'), '"\\"a\\"" ": " string t0-args-rest-1 | t0-args-first-1');
    assert.equal(rules.get('t0-args-first-1'), '"\\"b\\"" ": " integer');
    assert.equal(rules.get('t0-args-rest-1'), '", " "\\"b\\"" ": " integer');
  });

  it('lets an object with only optional properties be empty', () => {
    const rules = rulesOf(buildToolsGrammar(tool({ type: 'object', properties: { a: { type: 'boolean' } } }), 'fc-v1').gbnf);
    assert.equal(rules.get('t0-args-object'), '"{" t0-args-first-0? "}"');
  });

  it('writes enum values as JSON literals and reports keywords it cannot enforce', () => {
    const result = buildToolsGrammar(tool({ type: 'object', properties: { u: { type: 'string', enum: ['c', 'é'] }, n: { type: 'integer', minimum: 1 }, s: { type: 'string', pattern: '^a' } } }), 'fc-v1');
    assert.equal(rulesOf(result.gbnf).get('t0-args-u-enum'), '"\\"c\\"" | "\\"é\\""');
    assert.deepEqual(result.dropped.map((d) => [d.tool, d.path, d.keyword]), [['f', '/properties/n', 'minimum'], ['f', '/properties/s', 'pattern']]);
  });

  it('supports anyOf, type arrays, arrays with item counts and string lengths', () => {
    const gbnf = buildToolsGrammar(
      tool({ type: 'object', properties: { a: { anyOf: [{ type: 'string' }, { type: 'null' }] }, b: { type: ['integer', 'null'] }, c: { type: 'array', items: { type: 'number' }, minItems: 1, maxItems: 3 }, d: { type: 'string', minLength: 2, maxLength: 4 } } }),
      'fc-v1',
    ).gbnf;
    const rules = rulesOf(gbnf);
    assert.equal(rules.get('t0-args-a-alt'), 'string | null');
    assert.equal(rules.get('t0-args-b-types'), 'integer | null');
    assert.equal(rules.get('t0-args-c-array'), '"[" number (", " number){0,2} "]"');
    assert.equal(rules.get('t0-args-d-string'), '"\\"" char{2,4} "\\""');
  });

  it('follows recursive $ref without looping', () => {
    const params = { type: 'object', properties: { node: { $ref: '#/$defs/N' } }, $defs: { N: { type: 'object', properties: { next: { $ref: '#/$defs/N' } } } } };
    const gbnf = buildToolsGrammar(tool(params), 'fc-v1').gbnf;
    const rules = rulesOf(gbnf);
    assert.equal(rules.get('t0-args-first-0'), '"\\"node\\"" ": " ref-defs-N');
    assert.match(rules.get('ref-defs-N') ?? '', /^ref-defs-N-object$/);
  });

  it('reports an unresolvable $ref and falls back to any value', () => {
    const result = buildToolsGrammar(tool({ type: 'object', properties: { x: { $ref: '#/nowhere' } } }), 'fc-v1');
    assert.deepEqual(result.dropped.map((d) => d.keyword), ['$ref "#/nowhere" (not found in this schema)']);
  });

  it('gives a tool without parameters exactly {}', () => {
    const tools = parseToolsText('[{"name": "ping", "description": "p"}]');
    assert.equal(rulesOf(buildToolsGrammar(tools, 'xlam2').gbnf).get('t0-call'), '"{\\"name\\": \\"ping\\", \\"arguments\\": " "{}" "}"');
  });
});

describe('xlam-60k Python types', () => {
  it('maps str/int/float/bool/List[...] and "optional"', () => {
    assert.deepEqual(
      ['str', 'int, optional', 'float', 'bool', 'List[int]', 'Optional[str]', 'Dict[str, Any]', 'Callable'].map((t) => {
        const { schema, optional } = pythonTypeToSchema(t);
        return `${pyJsonDumps(schema)}${optional ? ' optional' : ''}`;
      }),
      ['{"type": "string"}', '{"type": "integer"} optional', '{"type": "number"}', '{"type": "boolean"}', '{"type": "array", "items": {"type": "integer"}}', '{"type": "string"} optional', '{"type": "object"}', '{}'],
    );
  });

  it('turns a flat parameter map into a schema with required non-optional parameters', () => {
    const flat = readJsonDocument('{"type": {"type": "str", "default": "game"}, "limit": {"type": "int, optional"}}').value;
    assert.equal(pyJsonDumps(flatParametersToSchema(flat as never)), '{"type": "object", "properties": {"type": {"type": "string"}, "limit": {"type": "integer"}}, "required": ["type"]}');
  });
});

describe('flat xlam-60k tools in the grammar', () => {
  it('Optional[X] may be null, a parameter enum is enforced, and "X, optional" may be left out (as the lint checks them)', () => {
    const tools = parseToolsText('[{"name": "f", "description": "d", "parameters": {"a": {"type": "Optional[str]"}, "b": {"type": "str", "enum": ["x", "y"]}, "c": {"type": "int, optional"}}}]');
    const rules = rulesOf(buildToolsGrammar(tools, 'xlam2').gbnf);
    assert.equal(rules.get('t0-args-a-types'), 'string | null');
    assert.equal(rules.get('t0-args-b-enum'), '"\\"x\\"" | "\\"y\\""');
    assert.equal(rules.get('t0-args-rest-2'), '(", " "\\"c\\"" ": " integer)?');
  });
});

describe('GBNF literals', () => {
  it('escapes quotes, backslashes and control characters', () => {
    assert.equal(literal('a"b\\c\nd\x01'), '"a\\"b\\\\c\\nd\\x01"');
  });
});

/** The GBNF with literals and character classes blanked, so repeat operators stand out. */
const operatorsOf = (gbnf: string) => gbnf.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\[(?:[^\]\\]|\\.)*\]/g, '[]');

describe('every repeat is bounded, and the worst case is known', () => {
  const loose = tool({
    type: 'object',
    properties: { s: { type: 'string', minLength: 3 }, list: { type: 'array', items: { type: 'string' } }, any: {}, obj: { type: 'object' } },
    required: ['s'],
  });

  it('has no *, + or open {n,} anywhere: strings with only minLength, arrays without maxItems and free-form values are bounded', () => {
    const gbnf = buildToolsGrammar(loose, 'fc-v1', { maxStringChars: 50, maxItems: 4 }).gbnf;
    const ops = operatorsOf(gbnf);
    assert.doesNotMatch(ops, /[*+]|\{\d*,\}/, ops);
    const rules = rulesOf(gbnf);
    assert.equal(rules.get('t0-args-s-string'), '"\\"" char{3,50} "\\""');
    assert.equal(rules.get('t0-args-list-array'), '"[" (string (", " string){0,3})? "]"');
    assert.match(rules.get('object-any') ?? '', /\{0,3\}/);
  });

  it('maxOutputChars is the length of the longest sentence the grammar allows', () => {
    const one = tool({ type: 'object', properties: { a: { type: 'string' }, n: { type: 'integer' }, u: { enum: ['c', 'far'] } }, required: ['a'] }, 'get_x');
    const call = `{"name": "get_x", "arguments": {"a": "${'z'.repeat(5)}", "n": -${'9'.repeat(18)}, "u": "far"}}`;
    const fc = buildToolsGrammar(one, 'fc-v1', { maxStringChars: 5, maxCalls: 2 });
    assert.equal(fc.maxOutputChars, `{"tool_calls": [${call}, ${call}]}`.length);
    const x2 = buildToolsGrammar(one, 'xlam2', { maxStringChars: 5, maxCalls: 3 });
    assert.equal(x2.maxOutputChars, `[${call}, ${call}, ${call}]`.length);
    const general = buildToolsGrammar(one, 'general-v1', { maxStringChars: 5, maxCalls: 1 });
    assert.equal(general.maxOutputChars, `{"thought": "zzzzz", "tool_calls": [${call}]}`.length);
  });

  it('fits unset bounds to the budget: one call fills at most half, then as many calls as fit', () => {
    const travel = tool({ type: 'object', properties: { city: { type: 'string' }, checkin: { type: 'string' }, nights: { type: 'integer' } }, required: ['city'] }, 'book_hotel');
    const fitted = buildToolsGrammar(travel, 'fc-v1', { budgetChars: 512 });
    assert.equal(fitted.fitsBudget, true);
    assert.ok(fitted.maxOutputChars <= 512, String(fitted.maxOutputChars));
    const oneCall = buildToolsGrammar(travel, 'fc-v1', { maxStringChars: fitted.limits.maxStringChars, maxCalls: 1 }).maxOutputChars;
    const longer = buildToolsGrammar(travel, 'fc-v1', { maxStringChars: fitted.limits.maxStringChars + 1, maxCalls: 1 }).maxOutputChars;
    assert.ok(oneCall <= 256 && longer > 256, `${oneCall} ${longer}`);
    const moreCalls = buildToolsGrammar(travel, 'fc-v1', { ...fitted.limits, maxCalls: fitted.limits.maxCalls + 1 }).maxOutputChars;
    assert.ok(moreCalls > 512, String(moreCalls));
    // A big budget keeps the defaults.
    assert.deepEqual(buildToolsGrammar(travel, 'fc-v1', { budgetChars: 1_000_000 }).limits, { maxStringChars: 1000, maxCalls: 16, maxItems: 16 });
  });

  it('keeps bounds the caller set, and says when they do not fit', () => {
    const travel = tool({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] });
    const given = buildToolsGrammar(travel, 'xlam2', { budgetChars: 100, maxStringChars: 200, maxCalls: 4 });
    assert.deepEqual([given.limits.maxStringChars, given.limits.maxCalls, given.fitsBudget], [200, 4, false]);
  });

  it('a recursive $ref has no finite worst case: the fit cannot promise anything', () => {
    const params = { type: 'object', properties: { node: { $ref: '#/$defs/N' } }, $defs: { N: { type: 'object', properties: { next: { $ref: '#/$defs/N' } } } } };
    const result = buildToolsGrammar(tool(params), 'fc-v1', { budgetChars: 1024 });
    assert.equal(result.maxOutputChars, Infinity);
    assert.equal(result.fitsBudget, false);
  });
});

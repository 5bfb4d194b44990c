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

describe('GBNF literals', () => {
  it('escapes quotes, backslashes and control characters', () => {
    assert.equal(literal('a"b\\c\nd\x01'), '"a\\"b\\\\c\\nd\\x01"');
  });
});

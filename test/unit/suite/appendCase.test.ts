import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromPlain } from '../../../src/core/json/jsonValue';
import { readMessages } from '../../../src/core/messages';
import { applyTextEdits } from '../../../src/core/playground/jsonEdits';
import { parseToolsText } from '../../../src/core/loadInputs';
import { appendCaseEdits, type NewCase } from '../../../src/core/suite/appendCase';
import { readTools } from '../../../src/core/tools/tool';
import { EXAMPLE, suiteFrom } from './support';

const FILE = EXAMPLE.replace('travel.fctest.json', 'saved.fctest.json');

function resolver(ref: string): { text: string; file: string } | undefined {
  try {
    const file = EXAMPLE.replace('travel.fctest.json', ref);
    return { text: readFileSync(file, 'utf8'), file };
  } catch {
    return undefined;
  }
}

/** The travel tools as their file writes them (500.0 stays 500.0, as in a playground). */
const TRAVEL_TOOLS = parseToolsText(readFileSync(EXAMPLE.replace('travel.fctest.json', 'travel.tools.json'), 'utf8'));

function newCase(messages: unknown[], calls: Array<{ name: string; arguments: unknown }>, tools: unknown[] | undefined = undefined): NewCase {
  return { messages: readMessages(fromPlain(messages)), tools: tools === undefined ? TRAVEL_TOOLS : readTools(fromPlain(tools)).tools, calls: calls.map((c) => ({ name: c.name, arguments: fromPlain(c.arguments) })) };
}

const FLIGHT = newCase([{ role: 'user', content: 'Find a flight from SFO to JFK on 2026-12-01!' }], [{ name: 'search_flights', arguments: { origin: 'SFO', destination: 'JFK', date: '2026-12-01' } }]);

function appended(text: string, c: NewCase): { text: string; id: string } {
  const result = appendCaseEdits(text, FILE, c, resolver);
  assert.ok(result.ok, result.ok ? '' : result.error);
  const after = applyTextEdits(text, result.edits);
  assert.equal(after, result.text);
  return { text: after, id: result.id };
}

describe('appending a playground run to a suite as a case', () => {
  it('makes a whole suite of an empty file: tools at the suite, the case with query and calls', () => {
    const { text, id } = appended('', FLIGHT);
    assert.equal(id, 'find-a-flight-from-sfo-to-jfk-on-2026-12-01');
    const suite = suiteFrom(text, FILE);
    assert.equal(suite.cases.length, 1);
    const [c] = suite.cases;
    assert.equal(c?.id, id);
    assert.deepEqual(c?.tools.map((t) => t.name), ['search_flights', 'book_hotel']);
    assert.equal(c?.expect.kind, 'calls');
    const plain = JSON.parse(text) as { tools: unknown[]; cases: Array<Record<string, unknown>> };
    assert.deepEqual((plain.tools as Array<{ name: string }>).map((t) => t.name), ['search_flights', 'book_hotel']);
    assert.match(text, /"default": 500\.0/, 'number lexemes of the tools kept');
    assert.deepEqual(plain.cases[0], { id, query: 'Find a flight from SFO to JFK on 2026-12-01!', expect: { calls: [{ name: 'search_flights', arguments: { origin: 'SFO', destination: 'JFK', date: '2026-12-01' } }] } });
  });

  it('appends to a suite with cases: the rest of the text kept as written, ids made unique', () => {
    const before = readFileSync(EXAMPLE, 'utf8');
    const first = appended(before, FLIGHT);
    const cut = before.lastIndexOf('}\n  ]');
    assert.equal(first.text.slice(0, cut), before.slice(0, cut), 'the text before the new case is untouched');
    assert.ok(first.text.endsWith('\n  ]\n}\n'));
    const suite = suiteFrom(first.text, FILE);
    assert.equal(suite.cases.length, 7);
    assert.equal(suite.cases[6]?.id, first.id);
    assert.ok(!/"tools"/.test(first.text.slice(cut)), 'same tools as the suite: the case has none of its own');
    const second = appended(first.text, FLIGHT);
    assert.equal(second.id, `${first.id}-2`);
    const third = appended(second.text, FLIGHT);
    assert.equal(third.id, `${first.id}-3`);
    assert.deepEqual(suiteFrom(third.text, FILE).cases.slice(6).map((c) => c.id), [first.id, `${first.id}-2`, `${first.id}-3`]);
  });

  it('no accepted call: "no call"; a longer conversation: messages', () => {
    const chat = newCase([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Tell me a joke' }], []);
    const { text, id } = appended('{\n  "name": "x",\n  "cases": []\n}\n', chat);
    const suite = suiteFrom(text, FILE);
    assert.equal(id, 'tell-me-a-joke');
    assert.equal(suite.cases[0]?.expect.kind, 'no-call');
    assert.equal(suite.cases[0]?.messages.length, 2);
    const plain = JSON.parse(text) as { cases: Array<Record<string, unknown>> };
    assert.equal(plain.cases[0]?.expect, 'no call');
    assert.deepEqual(plain.cases[0]?.messages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Tell me a joke' }]);
    assert.ok(text.startsWith('{\n  "name": "x",\n'));
  });

  it('tools that differ from the suite: the case gets its own; "cases" made when missing', () => {
    const weather = JSON.parse(readFileSync(EXAMPLE.replace('travel.fctest.json', 'weather.tools.json'), 'utf8')) as unknown[];
    const c = newCase([{ role: 'user', content: 'Weather in Paris?' }], [{ name: (weather[0] as { function?: { name: string }; name?: string }).function?.name ?? (weather[0] as { name: string }).name, arguments: {} }], weather);
    const before = '{\n  "tools": "travel.tools.json"\n}\n';
    const { text, id } = appended(before, c);
    const suite = suiteFrom(text, FILE);
    assert.equal(suite.cases[0]?.id, id);
    assert.deepEqual(suite.cases[0]?.tools.map((t) => t.name), readTools(fromPlain(weather)).tools.map((t) => t.name));
    const plain = JSON.parse(text) as { tools: unknown; cases: Array<Record<string, unknown>> };
    assert.equal(plain.tools, 'travel.tools.json');
    assert.deepEqual(plain.cases[0]?.tools, weather);
  });

  it('refuses what would not read back, with the located reason', () => {
    const bad = newCase([{ role: 'user', content: 'q' }], [{ name: 'no_such_tool', arguments: {} }]);
    const result = appendCaseEdits('{"cases": []}', FILE, bad, resolver);
    assert.ok(!result.ok);
    assert.match(result.error, /saved\.fctest\.json:\d+:\d+: no tool "no_such_tool"/);
    const broken = appendCaseEdits('{"cases": [', FILE, FLIGHT, resolver);
    assert.ok(!broken.ok);
  });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import type { GenerateResult } from '../../../src/core/engine/types';
import { InputError } from '../../../src/core/errors';
import { fromPlain } from '../../../src/core/json/jsonValue';
import { parseToolsText } from '../../../src/core/loadInputs';
import { checkExpected, expectedAnswerOf } from '../../../src/core/playground/expectedCheck';
import { casePlaygroundBase, playgroundFromSuiteCase } from '../../../src/core/playground/fromSuiteCase';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';
import type { PlaygroundDocument, PlaygroundReadResult } from '../../../src/core/playground/types';
import { readSuite } from '../../../src/core/suite/readSuite';
import { scoreCase } from '../../../src/core/suite/scoreCase';
import { runResultPayload, stepPayload } from '../../../src/host/playground/runPayloads';
import { parseHostToWebviewMessage } from '../../../src/shared/playgroundProtocol';

const ROOT = resolve(__dirname, '../../../..');
const SUITE_FILE = join(ROOT, 'examples/travel.fctest.json');
const SUITE_TEXT = readFileSync(SUITE_FILE, 'utf8');
const resolveTools = (ref: string): { text: string; file: string } => ({ text: readFileSync(join(ROOT, 'examples', ref), 'utf8'), file: join(ROOT, 'examples', ref) });
const TOOL = '{"name": "get_weather", "description": "Weather now", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}';

function doc(fields: string): string {
  return `{\n  "version": 1,\n  "tools": [${TOOL}],\n  "messages": [{"role": "user", "content": "Weather in Paris?"}],\n${fields}\n}\n`;
}

function problems(result: PlaygroundReadResult): string[] {
  return result.problems.map((p) => `${p.severity} ${p.location.line}:${p.location.column} ${JSON.stringify(p.path)} ${p.message}`);
}

function readOk(text: string): PlaygroundDocument {
  const result = readPlaygroundDocument(text, '/w/a.playground.json');
  assert.ok(result.ok, problems(result).join('\n'));
  return result.document;
}

function generated(calls: Array<{ name: string; arguments: unknown }>, parseError?: { message: string; offset: number }): GenerateResult {
  return {
    text: JSON.stringify(calls),
    calls: calls.map((call) => ({ name: call.name, arguments: fromPlain(call.arguments) })),
    content: '',
    finishReason: 'stop',
    ...(parseError !== undefined ? { parseError } : {}),
    timings: { promptTokens: 10, cachedPromptTokens: 0, ttftMs: 5, tokensPerSecond: 40, completionTokens: 12 },
  };
}

const ENGINE = { kind: 'local', model: 'm.gguf', backend: 'cpu' } as const;

void describe('playground "expected" and "source"', () => {
  void it('reads an expected answer (the suite\'s expect shape) and where it came from', () => {
    const d = readOk(doc(`  "expected": {"calls": [{"name": "get_weather", "accept": {"city": ["Paris", "paris"]}}], "ordered": true},
  "source": {"suite": "suites/weather.fctest.json", "case": "paris", "checker": "bfcl"}`));
    assert.equal(d.expected?.kind, 'calls');
    assert.equal(d.expected?.kind === 'calls' && d.expected.ordered, true);
    assert.equal(d.expected?.kind === 'calls' && d.expected.calls[0]?.params.get('city')?.length, 2);
    assert.deepEqual(d.source, { suite: 'suites/weather.fctest.json', case: 'paris', checker: 'bfcl' });
    assert.deepEqual(expectedAnswerOf(d)?.mode, 'bfcl');
    const noCall = readOk(doc('  "expected": "no call"'));
    assert.deepEqual(noCall.expected, { kind: 'no-call' });
    assert.equal(expectedAnswerOf(noCall)?.mode, 'default', 'without a source checker the mode is the suite runner\'s default');
    assert.equal(expectedAnswerOf(readOk(doc('  "grammar": true'))), undefined);
  });

  void it('a malformed expected or source is a located warning and is dropped: the document still opens', () => {
    const cases: Array<[string, string, RegExp]> = [
      ['  "expected": {"calls": [{"name": "get_wether", "arguments": {}}]}', '["expected","calls",0,"name"]', /no tool "get_wether" in this case's tools \(get_weather\); runs are not checked/],
      ['  "expected": "maybe"', '["expected"]', /must be "no call"/],
      ['  "expected": 5', '["expected"]', /must be an object/],
      ['  "expected": {"calls": []}', '["expected","calls"]', /"calls" is empty/],
      ['  "expected": {"calls": [{"name": "get_weather"}], "extra": 1}', '["expected","extra"]', /unknown key "extra"/],
      ['  "source": 3', '["source"]', /must be \{"suite"/],
      ['  "source": {"suite": "a.fctest.json", "case": "c", "line": 4}', '["source","line"]', /unknown key "line"/],
      ['  "source": {"suite": "a.fctest.json"}', '["source","case"]', /the case's id/],
      ['  "source": {"suite": "a.fctest.json", "case": "c", "checker": "strict"}', '["source","checker"]', /"bfcl", "default"/],
    ];
    for (const [fields, path, message] of cases) {
      const result = readPlaygroundDocument(doc(fields), '/w/a.playground.json');
      assert.ok(result.ok, fields);
      assert.equal(result.document.expected, undefined, fields);
      assert.equal(result.document.source, undefined, fields);
      const warning = result.problems.find((p) => JSON.stringify(p.path) === path);
      assert.ok(warning, `${fields}: ${problems(result).join('; ')}`);
      assert.equal(warning.severity, 'warning');
      assert.match(warning.message, message);
      // Located on the document's 5th line, where these fields are written.
      assert.equal(warning.location.line, 5, fields);
    }
  });

  void it('with the tools in a file, the expected names are not checked at read time', () => {
    const d = readOk('{"version": 1, "tools": {"path": "w.tools.json"}, "expected": {"calls": [{"name": "anything"}]}}');
    assert.equal(d.expected?.kind === 'calls' && d.expected.calls[0]?.name, 'anything');
  });
});

void describe('the expected check of a run', () => {
  const tools = parseToolsText(`[${TOOL}]`);
  const expected = expectedAnswerOf(readOk(doc('  "expected": {"calls": [{"name": "get_weather", "accept": {"city": ["Paris"]}}]}')));
  assert.ok(expected);

  void it('passes when the calls are the expected answer, and the payload passes the protocol', () => {
    const payload = runResultPayload(generated([{ name: 'get_weather', arguments: { city: 'Paris' } }]), tools, 'fc-v1', ENGINE, 9, expected);
    assert.ok(payload.ok);
    assert.deepEqual(payload.expectedCheck, { pass: true, errorType: null, message: 'valid', mode: 'default' });
    assert.ok(parseHostToWebviewMessage({ type: 'runFinished', runId: 1, step: 0, result: payload }).ok);
    assert.ok(parseHostToWebviewMessage({ type: 'compareColumnFinished', runId: 1, column: 1, result: payload }).ok);
  });

  void it('fails with the checker\'s error type and message when they are not', () => {
    const payload = runResultPayload(generated([{ name: 'get_weather', arguments: { city: 'Rome' } }]), tools, 'fc-v1', ENGINE, 9, expected);
    assert.ok(payload.ok && payload.expectedCheck !== undefined);
    assert.equal(payload.expectedCheck.pass, false);
    assert.equal(payload.expectedCheck.errorType, 'value_error:string');
    assert.match(payload.expectedCheck.message, /Rome/);
    const none = runResultPayload(generated([]), tools, 'fc-v1', ENGINE, 9, expected);
    assert.ok(none.ok && none.expectedCheck?.pass === false);
    assert.ok(parseHostToWebviewMessage({ type: 'runFinished', runId: 1, step: 0, result: payload }).ok);
  });

  void it('no expected answer: no check in the payload; a malformed check is refused by the protocol', () => {
    const payload = runResultPayload(generated([]), tools, 'fc-v1', ENGINE, 9);
    assert.ok(payload.ok);
    assert.equal('expectedCheck' in payload, false);
    for (const expectedCheck of [{ pass: 'yes', errorType: null, message: '', mode: 'default' }, { pass: true, errorType: null, message: '', mode: 'strict' }, { pass: false, errorType: 3, message: '', mode: 'bfcl' }, { pass: true, errorType: null, mode: 'bfcl' }]) {
      const parsed = parseHostToWebviewMessage({ type: 'runFinished', runId: 1, step: 0, result: { ...payload, expectedCheck } });
      assert.equal(parsed.ok, false, JSON.stringify(expectedCheck));
    }
  });

  void it('a Run to Completion step carries the check it was given', () => {
    const step = { index: 0, messages: [], prompt: '', promptTokens: 3, cachedPromptTokens: 0, output: '', calls: [{ name: 'get_weather', arguments: fromPlain({ city: 'Paris' }) }], content: '', finishReason: 'stop' as const, timings: generated([]).timings, toolResults: [], appended: [] };
    const checked = stepPayload(step, tools, 'fc-v1', expected);
    assert.equal(checked.expectedCheck?.pass, true);
    assert.ok(parseHostToWebviewMessage({ type: 'stepFinished', runId: 1, step: checked }).ok);
    assert.equal(stepPayload(step, tools, 'fc-v1').expectedCheck, undefined);
  });
});

void describe('playgroundFromSuiteCase', () => {
  const suite = readSuite(SUITE_TEXT, SUITE_FILE, resolveTools);
  const open = (caseId: string): PlaygroundDocument => readOk(playgroundFromSuiteCase({ text: SUITE_TEXT, file: SUITE_FILE, resolveTools, caseId, suitePath: 'examples/travel.fctest.json' }));

  void it('holds the case\'s tools, query, expected answer, source and the suite\'s run settings', () => {
    const d = open('hotel-rome');
    const item = suite.cases.find((c) => c.id === 'hotel-rome');
    assert.ok(item);
    assert.deepEqual(d.source, { suite: 'examples/travel.fctest.json', case: 'hotel-rome', checker: 'default' });
    assert.equal(d.tools.kind === 'inline' && d.tools.tools.map((t) => t.name).join(), item.tools.map((t) => t.name).join());
    assert.deepEqual(d.messages.map((m) => [m.role, m.content]), [['user', 'Book a hotel in Rome for 2 nights']]);
    assert.deepEqual(d.expected, item.expect);
    assert.equal(d.format, 'xlam2-qwen');
    assert.equal(d.grammar, true);
    assert.deepEqual(d.sampling, { temperature: 0, maxTokens: 256, seed: 42 });
  });

  void it('keeps a case\'s own messages and its own tools file', () => {
    const d = open('weather-paris');
    assert.deepEqual(d.messages.map((m) => m.role), ['system', 'user']);
    assert.equal(d.messages[0]?.content, 'You are a weather assistant.');
    const item = suite.cases.find((c) => c.id === 'weather-paris');
    assert.equal(d.tools.kind === 'inline' && d.tools.tools.map((t) => t.name).join(), item?.tools.map((t) => t.name).join());
  });

  void it('checks a run as the suite checker scores the case (pass and fail)', () => {
    for (const item of suite.cases) {
      const d = open(item.id);
      const expected = expectedAnswerOf(d);
      assert.ok(expected && d.tools.kind === 'inline');
      const outputs = [{ calls: [] }, { calls: [{ name: 'book_hotel', arguments: fromPlain({ city: 'Rome', nights: 2 }) }] }, { calls: [{ name: 'search_flights', arguments: fromPlain({ origin: 'SFO', destination: 'JFK', date: '2026-12-01' }) }] }];
      for (const output of outputs) {
        const truth = scoreCase(item, output, 'default');
        const check = checkExpected(expected, d.tools.tools, output);
        assert.deepEqual([check.pass, check.errorType, check.message], [truth.valid, truth.errorType, truth.message], `${item.id}: ${JSON.stringify(output.calls.map((c) => c.name))}`);
      }
    }
    const hotel = open('hotel-rome');
    const expected = expectedAnswerOf(hotel);
    assert.ok(expected && hotel.tools.kind === 'inline');
    assert.equal(checkExpected(expected, hotel.tools.tools, { calls: [{ name: 'book_hotel', arguments: fromPlain({ city: 'Roma', nights: 2 }) }] }).pass, true);
    assert.equal(checkExpected(expected, hotel.tools.tools, { calls: [{ name: 'book_hotel', arguments: fromPlain({ city: 'Milan', nights: 2 }) }] }).pass, false);
  });

  void it('an unknown case or a suite that does not read is a clear InputError', () => {
    assert.throws(() => open('no-such-case'), (error: unknown) => error instanceof InputError && /no case "no-such-case".*hotel-rome/.test(error.message));
    assert.throws(() => playgroundFromSuiteCase({ text: '{"cases": [}', file: 'bad.fctest.json', resolveTools, caseId: 'x', suitePath: 'bad.fctest.json' }), InputError);
  });

  void it('names the file after the case, without what a file name cannot hold', () => {
    assert.equal(casePlaygroundBase('hotel-rome'), 'hotel-rome');
    assert.equal(casePlaygroundBase('a/b: c?'), 'a_b_c_');
    assert.equal(casePlaygroundBase('..'), 'case');
  });
});

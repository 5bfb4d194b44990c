import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { JsonNumber, JsonObject } from '../../../src/core/json/jsonValue';
import { junitXml, xmlText } from '../../../src/core/suite/junit';
import { planCases } from '../../../src/core/suite/plan';
import { headerLine, readRecordLine, trialLine } from '../../../src/core/suite/record';
import { rescoreTrial } from '../../../src/core/suite/replay';
import { runCases, type TrialOutcome } from '../../../src/core/suite/runCases';
import { resultsJson } from '../../../src/core/suite/resultsJson';
import { summarize } from '../../../src/core/suite/summary';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { oneCase, suiteFrom } from './support';

const FLOAT_NIGHTS = '[{"name": "book_hotel", "arguments": {"city": "Rome", "nights": 2.0}}]';

async function oneOutcome(reply: string, expect: unknown): Promise<TrialOutcome> {
  const suite = suiteFrom(oneCase(expect));
  const { outcomes } = await runCases(new ScriptedEngine({ reply: () => reply }), planCases([suite], { sampling: { seed: 7 } }));
  assert.equal(outcomes.length, 1);
  return outcomes[0] as TrialOutcome;
}

describe('run records, replay, JUnit and JSON results', () => {
  it('a trial line reads back with its lexemes: 2.0 stays a float, so a replay scores what the model wrote', async () => {
    const outcome = await oneOutcome(FLOAT_NIGHTS, { calls: [{ name: 'book_hotel', arguments: { city: 'Rome', nights: 2 } }] });
    assert.equal(outcome.verdict.valid, false, 'BFCL rejects a float where an integer is declared');
    const line = trialLine(outcome);
    assert.ok(line.endsWith('\n') && !line.slice(0, -1).includes('\n'));
    assert.match(line, /"nights":2\.0/);
    const read = readRecordLine(line.trimEnd(), 2, 'run.jsonl');
    assert.ok(read.type === 'trial');
    assert.equal(read.trial.seed, 7);
    assert.equal(read.trial.promptSha256, outcome.promptSha256);
    assert.match(read.trial.promptSha256, /^[0-9a-f]{64}$/);
    const args = read.trial.calls[0]?.arguments;
    assert.ok(args instanceof JsonObject && (args.get('nights') as JsonNumber).lexeme === '2.0');

    // The expectation changes (2.0 accepted as a value of a number parameter would still be a type
    // error, so accept another city instead): the replay scores the recorded calls anew.
    const changed = suiteFrom(oneCase({ calls: [{ name: 'book_hotel', accept: { city: ['Rome'], nights: [2] } }] }));
    const again = rescoreTrial(read.trial, changed.file, changed.cases[0]!, 'default');
    assert.equal(again.verdict.errorType, outcome.verdict.errorType);
    const relaxed = suiteFrom(oneCase('no call'));
    assert.equal(rescoreTrial(read.trial, relaxed.file, relaxed.cases[0]!, 'default').verdict.errorType, 'irrelevance_error:decoder_success');
  });

  it('a header line reads back as a header; bad lines are errors at file:line', () => {
    const suite = suiteFrom(oneCase('no call'));
    const header = headerLine({
      suites: [{ file: suite.file, name: suite.name, sha256: suite.sha256, settings: planCases([suite], {})[0]!.settings }],
      model: { ref: 'm.gguf', sha256: 'a'.repeat(64), chatTemplateSha256: null },
      engine: { kind: 'local', model: 'm.gguf', backend: 'cpu' },
      versions: { xlamLab: '0.1.0' },
      startedAt: '2026-01-01T00:00:00.000Z',
    });
    assert.equal(readRecordLine(header.trimEnd(), 1, 'r.jsonl').type, 'header');
    for (const [text, message] of [['{"type":"trial"}', /"calls" must be a list/], ['[1]', /not a JSON object/], ['{"type":', /invalid JSON/]] as const) {
      try {
        readRecordLine(text, 9, 'r.jsonl');
        assert.fail('expected an error');
      } catch (error) {
        assert.ok(error instanceof InputError);
        assert.match(error.message, message);
        assert.match(error.describe(), /^r\.jsonl:9:\d+: /);
      }
    }
  });

  it('JUnit XML: one testcase per case, failures with message, expected, actual and the raw output, escaped', async () => {
    const garbage = 'x < y & "z" \u0001\u0007 end';
    const outcome = await oneOutcome(garbage, { calls: [{ name: 'book_hotel', arguments: { city: 'Rome', nights: 2 } }] });
    const xml = junitXml([outcome], new Map([[outcome.suiteFile, 'inline']]), () => '[{"name":"book_hotel"}]');
    assert.match(xml, /<testsuites name="xlam-lab test" tests="1" failures="1" errors="0" time="[\d.]+">/);
    assert.match(xml, /<testcase classname="inline" name="c1" time="[\d.]+">/);
    assert.match(xml, /<failure message="[^"]+" type="multiple_function_checker:wrong_count">/);
    assert.ok(xml.includes('x &lt; y &amp; &quot;z&quot; \uFFFD\uFFFD end'), xml);
    assert.ok(!xml.includes('\u0001') && !xml.includes('\u0007'), 'no control characters XML cannot hold');
    assert.equal(xmlText('a\tb\nc'), 'a\tb\nc');
  });

  it('--json results: summary and every trial', async () => {
    const outcome = await oneOutcome('[{"name": "book_hotel", "arguments": {"city": "Rome", "nights": 2}}]', { calls: [{ name: 'book_hotel', arguments: { city: 'Rome', nights: 2 } }] });
    const parsed = JSON.parse(resultsJson([outcome], summarize([outcome]))) as { summary: { passed: number; accuracy: number }; cases: Array<{ passed: boolean; trials: Array<{ raw: string; timings: { promptTokens: number; cachedPromptTokens: number } }> }> };
    assert.equal(parsed.summary.passed, 1);
    assert.equal(parsed.summary.accuracy, 1);
    assert.equal(parsed.cases[0]?.passed, true);
    assert.equal(typeof parsed.cases[0]?.trials[0]?.timings.cachedPromptTokens, 'number');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { A1_QUERY, B2_MESSAGES, GOLDENS, W1_TOOLS } from '../formats/goldens';
import { renderTexts } from '../formats/support';
import { exportOf, NO_PYTHON, python, pythonEvalAll, tempFile, TRICKY_MESSAGES, TRICKY_TOOLS, type Case } from './support';

const query = JSON.stringify([{ role: 'user', content: A1_QUERY }]);

const GOLDEN_CASES: Array<[string, Case, string]> = [
  ['A1 (fc-v1 card)', { format: 'fc-v1', tools: W1_TOOLS, messages: query }, GOLDENS.A1],
  ['A2 (fc-v1 bfcl)', { format: 'fc-v1', variant: 'bfcl', tools: W1_TOOLS, messages: query }, GOLDENS.A2],
  ['B1 (general-v1, one query)', { format: 'general-v1', tools: W1_TOOLS, messages: query }, GOLDENS.B1],
  ['B2 (general-v1, system, call, tool result, history)', { format: 'general-v1', tools: W1_TOOLS, messages: B2_MESSAGES }, GOLDENS.B2],
];

const TRICKY_CASES: Array<[string, Case]> = [
  ['fc-v1 card', { format: 'fc-v1', variant: 'card', tools: TRICKY_TOOLS, messages: TRICKY_MESSAGES }],
  ['fc-v1 bfcl', { format: 'fc-v1', variant: 'bfcl', tools: TRICKY_TOOLS, messages: TRICKY_MESSAGES }],
  ['general-v1', { format: 'general-v1', tools: TRICKY_TOOLS, messages: TRICKY_MESSAGES }],
  ['general-v1 without a system message or tools', { format: 'general-v1', tools: '[]', messages: JSON.stringify([{ role: 'tool', content: 'first' }, { role: 'user', content: 'x' }]) }],
  ['fc-v1 card with no user message', { format: 'fc-v1', tools: '[]', messages: JSON.stringify([{ role: 'system', content: 'no newline at the end' }]) }],
];

/** The script run as a user would: `python3 file.py` prints the prompt and nothing else. */
function runScript(c: Case): Buffer {
  return python([tempFile('prompt.py', exportOf('python-prompt', c).code)]);
}

describe('python-prompt: the exported builder, run by python3, prints our prompt byte for byte', { skip: NO_PYTHON }, () => {
  for (const [name, c, golden] of GOLDEN_CASES) {
    it(`golden ${name}`, () => {
      const prompt = renderTexts(c.format, c.variant, c.tools, c.messages).prompt;
      assert.equal(prompt, golden, 'the renderer itself must give the golden');
      assert.deepEqual(runScript(c), Buffer.from(golden, 'utf8'));
    });
  }

  for (const [name, c] of TRICKY_CASES) {
    it(`${name} over tricky values (non-ASCII, 1.0, 1e100, a 20-digit integer, nested and empty parameters, non-string contents)`, () => {
      const prompt = renderTexts(c.format, c.variant, c.tools, c.messages).prompt;
      assert.deepEqual(runScript(c).toString('utf8'), prompt);
    });
  }

  it('the tricky cases do reach the paths they are for', () => {
    const card = renderTexts('fc-v1', 'card', TRICKY_TOOLS, TRICKY_MESSAGES).prompt;
    for (const text of ['1.0', '1e+100', '1e-07', '-0.0', '12345678901234567890', '"7": {"type": "string"}, "1": {}', '"parameters": {}', '\\u00e9', '\\ud83d\\ude00', '"k": {"type": "integer"}']) {
      assert.ok(card.includes(text), `the card prompt has ${text}`);
    }
    assert.ok(card.includes("[{'type': 'text', 'text': 'and tomorrow?'}]"), 'a list content is written as its Python repr');
    const bfcl = renderTexts('fc-v1', 'bfcl', TRICKY_TOOLS, TRICKY_MESSAGES).prompt;
    assert.ok(bfcl.includes('"x": {"type": "string", "required": true}'), 'an existing "required" key keeps its place and becomes true');
    const general = renderTexts('general-v1', undefined, TRICKY_TOOLS, TRICKY_MESSAGES).prompt;
    assert.ok(general.startsWith(`{'role': 'system', 'content': 'S\u00e9 "brief" and \\'kind\\'\\n\\ttab \u2713'}\n\n`), 'the system message is its dict repr');
    assert.ok(general.includes('"next_observation": {"temp": 15.0, "ok": true, "none": null, "e": 1e+100}'), 'a tool result object is kept as a value');
    assert.ok(!general.includes('orphan result'), 'a tool result with no step before it is dropped');
  });

  it('python-transformers reuses the same build_prompt (read without importing transformers)', () => {
    const cases = [...TRICKY_CASES.map(([, c]) => c), ...GOLDEN_CASES.map(([, c]) => c)];
    const files = cases.map((c, i) => tempFile(`hf${i}.py`, exportOf('python-transformers', c).code));
    const prompts = pythonEvalAll(files, 'm["build_prompt"](m["TOOLS"], m["MESSAGES"])');
    assert.deepEqual(prompts, cases.map((c) => renderTexts(c.format, c.variant, c.tools, c.messages).prompt));
  });
});

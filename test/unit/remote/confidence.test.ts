import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromPlain } from '../../../src/core/json/jsonValue';
import { userMessage } from '../../../src/core/messages';
import { readTools } from '../../../src/core/tools/tool';
import { completionLogprobSteps } from '../../../src/engines/remote/logprobs';
import { RemoteEngine } from '../../../src/engines/remote/remoteEngine';
import { runCli } from '../../support/captureCli';
import { startChatStub, type ChatStub, type StubLogprob } from '../../support/chatStub';

/**
 * Remote confidence over real HTTP: the loopback chat stub answers with vLLM-style tool calls and,
 * when the request asks, the generated tokens' logprobs; the engine reads the name's tokens in them.
 */
const TOOLS = [
  { name: 'get_weather', description: 'now', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
  { name: 'get_forecast', description: 'later', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
];
const { tools } = readTools(fromPlain(TOOLS));
const sure = (token: string): StubLogprob => ({ token, logprob: 0, top_logprobs: [{ token, logprob: 0 }] });
// `[{"name": "get_weather", "arguments": {"city": "Oslo"}}]` in tokens; the names part at `weather`.
const LOGPROBS: StubLogprob[] = [
  sure('[{"name": "'),
  sure('get_'),
  { token: 'weather', logprob: Math.log(0.62), top_logprobs: [{ token: 'weather', logprob: Math.log(0.62) }, { token: 'forecast', logprob: Math.log(0.35) }, { token: 'time', logprob: Math.log(0.02) }] },
  sure('", "arguments": {"city": "Oslo"}}]'),
];

describe('remote confidence from logprobs', () => {
  let stub: ChatStub;
  let withLogprobs = true;
  let dir: string;

  before(async () => {
    stub = await startChatStub(() => ({ calls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }], ...(withLogprobs ? { logprobs: LOGPROBS } : {}) }));
    dir = mkdtempSync(join(tmpdir(), 'xlam-confidence-'));
    writeFileSync(join(dir, 'two.tools.json'), JSON.stringify(TOOLS));
  });

  after(async () => {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const stream of [true, false]) {
    it(`reads the name's probability and the alternatives (${stream ? 'streamed' : 'whole'})`, async () => {
      withLogprobs = true;
      const engine = new RemoteEngine({ baseURL: stub.baseURL, stream });
      const result = await engine.generate({ format: 'xlam2-qwen', tools, messages: [userMessage('Oslo weather')], confidence: true });
      const asked = stub.requests[stub.requests.length - 1]?.body;
      assert.equal(asked?.logprobs, true);
      assert.equal(asked?.top_logprobs, 5);
      const [call] = result.confidence?.calls ?? [];
      assert.ok(call);
      assert.ok(Math.abs(call.p - 0.62) < 1e-9);
      // `time` leads to no tool: it shows as written, unfinished.
      assert.deepEqual(call.alternatives.map((a) => [a.name, Number(a.p.toFixed(4))]), [['get_weather', 0.62], ['get_forecast', 0.35], ['get_time…', 0.02]]);
      await engine.dispose();
    });
  }

  it('asks for no logprobs unless told, and says when the endpoint sends none', async () => {
    withLogprobs = false;
    const engine = new RemoteEngine({ baseURL: stub.baseURL, stream: true });
    const plain = await engine.generate({ format: 'xlam2-qwen', tools, messages: [userMessage('Oslo weather')] });
    assert.equal(stub.requests[stub.requests.length - 1]?.body.logprobs, undefined);
    assert.equal(plain.confidence, undefined);
    const asked = await engine.generate({ format: 'xlam2-qwen', tools, messages: [userMessage('Oslo weather')], confidence: true });
    assert.deepEqual(asked.confidence, { unavailable: 'unavailable: the endpoint returned no logprobs' });
    await engine.dispose();
  });

  it('run --json --confidence gives each call {p, alternatives}; text output a line per call', async () => {
    withLogprobs = true;
    const base = ['run', '--model', stub.baseURL, '--format', 'xlam2-qwen', '--tools', join(dir, 'two.tools.json'), '--query', 'Oslo weather', '--confidence'];
    const json = await runCli([...base, '--json']);
    assert.equal(json.code, 0, json.stderr);
    const out = JSON.parse(json.stdout) as { calls: { name: string; confidence: unknown }[] };
    assert.deepEqual(out.calls[0]?.confidence, { p: 0.62, alternatives: [{ name: 'get_weather', p: 0.62 }, { name: 'get_forecast', p: 0.35 }, { name: 'get_time…', p: 0.02 }] });
    const text = await runCli(base);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stderr, /^confidence get_weather: 0\.62 \(get_weather 0\.62 · get_forecast 0\.35 · get_time… 0\.02\)$/m);
    withLogprobs = false;
    const none = await runCli([...base, '--json']);
    const noneOut = JSON.parse(none.stdout) as { calls: { confidence: unknown }[]; confidenceUnavailable: string };
    assert.equal(noneOut.calls[0]?.confidence, null);
    assert.equal(noneOut.confidenceUnavailable, 'unavailable: the endpoint returned no logprobs');
  });
});

describe('completions logprobs', () => {
  it('reads parallel token lists and {token: logprob} maps, the sampled token kept as a candidate', () => {
    const steps = completionLogprobSteps({ tokens: ['get', '_weather'], token_logprobs: [0, Math.log(0.1)], top_logprobs: [{ get: 0 }, { _forecast: Math.log(0.8), _time: Math.log(0.1) }] });
    assert.deepEqual(steps?.map((s) => [s.piece, s.p.toFixed(2), s.candidates.map((c) => c.piece)]), [
      ['get', '1.00', ['get']],
      ['_weather', '0.10', ['_forecast', '_time', '_weather']],
    ]);
    assert.equal(completionLogprobSteps({ tokens: ['a'], token_logprobs: [null] }), undefined);
    assert.equal(completionLogprobSteps(null), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPlain } from '../../../src/core/json/jsonValue';
import { backoffMs, retryAfterMs } from '../../../src/engines/remote/retry';
import { finalToolCalls } from '../../../src/server/serverToolParser';
import { ToolCallStream } from '../../../src/server/toolCallStream';

/** Feeds `text` in `size`-character chunks and returns every delta as plain JSON. */
function play(text: string, size = 3, parser: 'xlam' | 'tolerant' = 'xlam'): { deltas: unknown[]; toolsCalled: boolean } {
  const stream = new ToolCallStream(parser, parser === 'xlam' ? 'xlam2' : 'fc-v1');
  const deltas: unknown[] = [];
  for (let at = 0; at < text.length; at += size) deltas.push(...stream.push(text.slice(at, at + size)).map(toPlain));
  const end = stream.finish();
  deltas.push(...end.deltas.map(toPlain));
  return { deltas, toolsCalled: end.toolsCalled };
}

type Delta = { content?: string; tool_calls?: Array<{ index: number; id?: string; function: { name?: string; arguments?: string } }> };

/** Reassembles deltas the way a client does. */
function assemble(deltas: unknown[]): { content: string; calls: Array<{ name: string; arguments: string }> } {
  let content = '';
  const calls: Array<{ name: string; arguments: string }> = [];
  for (const delta of deltas as Delta[]) {
    content += delta.content ?? '';
    for (const call of delta.tool_calls ?? []) {
      const slot = (calls[call.index] ??= { name: '', arguments: '' });
      slot.name += call.function.name ?? '';
      slot.arguments += call.function.arguments ?? '';
    }
  }
  return { content, calls };
}

describe('ToolCallStream (server side of vLLM xlam streaming)', () => {
  it('streamed calls reassemble to exactly the non-streaming tool_calls, for every chunk size', () => {
    const text = '[{"name": "create_user", "arguments": {"name": "Bob", "tags": ["a", {"b": 1.5}]}}, {"name": "ping", "arguments": {}}]';
    const whole = finalToolCalls(text, 'xlam', 'xlam2');
    for (const size of [1, 2, 5, 17, text.length]) {
      const { deltas, toolsCalled } = play(text, size);
      assert.ok(toolsCalled);
      // A "name" key inside the arguments is not a new call (vLLM's regex would make it one).
      assert.deepEqual(assemble(deltas), { content: '', calls: whole.calls }, `chunk size ${size}`);
    }
  });

  it('text before a fenced block goes out as content; the calls follow', () => {
    const text = 'Sure.\n```json\n[{"name": "ping", "arguments": {"host": "a"}}]\n```';
    const { content, calls } = assemble(play(text, 4).deltas);
    assert.ok(content.startsWith('Sure.'));
    assert.deepEqual(calls, [{ name: 'ping', arguments: '{"host": "a"}' }]);
  });

  it('a held-back block that is not a call list is sent as content at the end', () => {
    const text = '[1, 2, 3] are the numbers';
    const { deltas, toolsCalled } = play(text, 4);
    assert.equal(toolsCalled, false);
    assert.equal(assemble(deltas).content, text);
  });

  it('plain text streams as content chunk by chunk', () => {
    const { deltas } = play('Hello there', 4);
    assert.deepEqual(deltas, [{ content: 'Hell' }, { content: 'o th' }, { content: 'ere' }]);
  });

  it("tolerant parser: fc v1's {\"tool_calls\": …} is held back and sent as calls at the end", () => {
    const { deltas, toolsCalled } = play('{"tool_calls": [{"name": "ping", "arguments": {"host": "b"}}]}', 5, 'tolerant');
    assert.ok(toolsCalled);
    assert.deepEqual(assemble(deltas), { content: '', calls: [{ name: 'ping', arguments: '{"host": "b"}' }] });
  });
});

describe('retry timing', () => {
  it('Retry-After in seconds, as an HTTP date, retry-after-ms first, garbage ignored', () => {
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' })), 2000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }), Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')), 10_000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(retryAfterMs(undefined), undefined);
  });

  it('backoff doubles per retry, jittered within [step/2, step], capped', () => {
    const policy = { maxRetries: 5, retryBaseMs: 100, maxRetryDelayMs: 1000 };
    assert.equal(backoffMs(0, policy, () => 0), 50);
    assert.equal(backoffMs(0, policy, () => 1), 100);
    assert.equal(backoffMs(2, policy, () => 1), 400);
    assert.equal(backoffMs(9, policy, () => 1), 1000);
  });
});

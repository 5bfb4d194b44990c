import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { userMessage } from '../../../src/core/messages';
import { remoteResult } from '../../../src/engines/remote/remoteResult';
import type { WireOutcome } from '../../../src/engines/remote/responseReader';

const request = { format: 'xlam2-qwen' as const, tools: [], messages: [userMessage('q')] };

function outcome(textEvents: number): WireOutcome {
  return { text: '[]', toolCalls: [], finishReason: 'stop', usage: { promptTokens: 50, completionTokens: 100, cachedPromptTokens: 0 }, events: textEvents, textEvents };
}

describe('remote decode speed', () => {
  it('a steady stream: tokens after the first over the time since the first', () => {
    const result = remoteResult(outcome(100), request, 'chat', { started: 0, firstTextAt: 200, ended: 1200, whole: false });
    assert.equal(result.timings.tokensPerSecond, 99);
  });

  it('text that came in one burst at the end (calls held back by the server): the whole-request rate', () => {
    // Without this rule: 99 tokens over the last 5 ms = 19,800 tokens/s, which no model decoded.
    const result = remoteResult(outcome(16), request, 'chat', { started: 0, firstTextAt: 995, ended: 1000, whole: false });
    assert.equal(result.timings.tokensPerSecond, 100);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callConfidences, nameTokenIndices } from '../../../src/core/confidence/callConfidence';
import { confidenceJson, confidenceText, lowestConfidence } from '../../../src/core/confidence/confidenceOutput';
import { findNameSpans } from '../../../src/core/confidence/nameSpans';
import type { TokenCandidate, TokenStep } from '../../../src/core/confidence/types';
import { compactJson } from '../../../src/core/json/pyJsonDumps';

const TOOLS = ['get_weather', 'get_forecast', 'search'];

/** Steps spelling `text` one token per piece, each sure of itself unless `at` says otherwise. */
function steps(pieces: readonly string[], at: Record<number, { p: number; candidates: TokenCandidate[] }> = {}): TokenStep[] {
  return pieces.map((piece, i) => at[i] ?? { piece, p: 1, candidates: [{ piece, p: 1 }] }).map((s, i) => ({ piece: pieces[i] ?? '', p: s.p, candidates: s.candidates }));
}

describe('findNameSpans', () => {
  it('finds each call name in order, passing over an argument called "name"', () => {
    const text = '[{"name": "search", "arguments": {"name": "get_weather"}}, {"name":"get_weather", "arguments": {}}]';
    const [first, second] = findNameSpans(text, ['search', 'get_weather']);
    assert.equal(first && text.slice(first.start, first.end), 'search');
    assert.equal(second && text.slice(second.start, second.end), 'get_weather');
    // The argument called "name" holds the second call's name first: the call's own key is taken.
    assert.ok(second !== undefined && second.start > text.indexOf('{"name":"get_weather"'));
  });

  it('decodes escapes and says undefined for a name no key holds', () => {
    const text = '{"name": "caf\\u00e9", "arguments": {}}';
    const [cafe, missing] = findNameSpans(text, ['café', 'other']);
    assert.deepEqual(cafe, { start: 10, end: 19 });
    assert.equal(missing, undefined);
  });
});

describe('callConfidences', () => {
  it('multiplies the probabilities of the tokens that write the name', () => {
    const pieces = ['[{"name": "', 'get', '_', 'weather', '", ', '"arguments": {}}]'];
    const s = steps(pieces, { 1: { p: 0.9, candidates: [{ piece: 'get', p: 0.9 }, { piece: 'search', p: 0.1 }] }, 3: { p: 0.5, candidates: [{ piece: 'weather', p: 0.5 }, { piece: 'forecast', p: 0.4 }, { piece: 'wind', p: 0.1 }] } });
    const [c] = callConfidences(s, ['get_weather'], TOOLS);
    assert.ok(c);
    assert.ok(Math.abs(c.p - 0.45) < 1e-12);
    // The first divergence is the first name token: "get" fits two tools, "search" a third.
    assert.deepEqual(c.alternatives, [
      { name: 'get_weather', p: 0.9 },
      { name: 'get_forecast', p: 0.9 },
      { name: 'search', p: 0.1 },
    ]);
  });

  it('reports the token where the names part, with a name the tools lack as written', () => {
    const pieces = ['{"name": "get_', 'weather', '", "arguments": {}}'];
    const s = steps(pieces, { 1: { p: 0.62, candidates: [{ piece: 'weather', p: 0.62 }, { piece: 'forecast', p: 0.35 }, { piece: 'wether"', p: 0.02 }, { piece: 'w', p: 0.01 }] } });
    const [c] = callConfidences(s, ['get_weather'], TOOLS);
    assert.ok(c);
    // The first token writes `{"name": "get_` whole: it fits both get_ tools, so no divergence there.
    // `w` spells get_weather too (w + eather): its mass counts for the chosen name with `weather`'s.
    assert.ok(Math.abs(c.p - 0.63) < 1e-12);
    assert.deepEqual(c.alternatives, [
      { name: 'get_weather', p: 0.63 },
      { name: 'get_forecast', p: 0.35 },
      { name: 'get_wether', p: 0.02 },
    ]);
    assert.equal(confidenceText(c), '0.63 (get_weather 0.63 · get_forecast 0.35 · get_wether 0.02)');
    assert.equal(compactJson(confidenceJson(c)), '{"p":0.63,"alternatives":[{"name":"get_weather","p":0.63},{"name":"get_forecast","p":0.35},{"name":"get_wether","p":0.02}]}');
  });

  it('a name the vocabulary can spell two ways keeps both ways\' mass: a one-tool grammar\'s forced name is 1', () => {
    // `ping` written whole (0.51) where `pin` + `g` (0.49) spells the same name: the model chose the name either way.
    const pieces = ['{"name": "', 'ping', '", "arguments": {}}'];
    const s = steps(pieces, { 1: { p: 0.51, candidates: [{ piece: 'ping', p: 0.51 }, { piece: 'pin', p: 0.49 }] } });
    assert.deepEqual(callConfidences(s, ['ping'], ['ping'], { toolsOnly: true }), [{ p: 1, alternatives: [] }]);
    // Without the grammar, a candidate that leaves the name still counts against it.
    const open = steps(pieces, { 1: { p: 0.5, candidates: [{ piece: 'ping', p: 0.5 }, { piece: 'pin', p: 0.3 }, { piece: 'pong', p: 0.2 }] } });
    const [c] = callConfidences(open, ['ping'], ['ping']);
    assert.ok(c !== null && c !== undefined && Math.abs(c.p - 0.8) < 1e-12, `p ${c?.p}`);
  });

  it('counts only the tokens that write name characters', () => {
    // ` "` ends before the name and `",` starts after it: neither is the name's choice.
    const pieces = ['{"name":', ' "', 's', 'earch', '",', ' "arguments": {}}'];
    const s = steps(pieces, { 1: { p: 0.8, candidates: [{ piece: ' "', p: 0.8 }] }, 2: { p: 0.7, candidates: [{ piece: 's', p: 0.7 }, { piece: 'g', p: 0.3 }] }, 4: { p: 0.5, candidates: [] } });
    const [c] = callConfidences(s, ['search'], TOOLS);
    assert.deepEqual(c, { p: 0.7, alternatives: [{ name: 'search', p: 0.7 }, { name: 'get_weather', p: 0.3 }, { name: 'get_forecast', p: 0.3 }] });
  });

  it('reads a token that opens the string and starts the name, passing over candidates that write no name', () => {
    const pieces = ['{"name": ', '"get', '_weather', '", "arguments": {}}'];
    const s = steps(pieces, { 1: { p: 0.6, candidates: [{ piece: '"get', p: 0.6 }, { piece: '"search', p: 0.3 }, { piece: "'x", p: 0.1 }] } });
    const [c] = callConfidences(s, ['get_weather'], TOOLS);
    assert.deepEqual(c, { p: 0.6, alternatives: [{ name: 'get_weather', p: 0.6 }, { name: 'get_forecast', p: 0.6 }, { name: 'search', p: 0.3 }] });
  });

  it('gives each of several calls its own figure, and null for a call it cannot find', () => {
    const pieces = ['[{"name": "', 'search', '", "arguments": {}}, {"name": "', 'get_forecast', '", "arguments": {}}]'];
    const s = steps(pieces, { 3: { p: 0.25, candidates: [{ piece: 'get_weather', p: 0.7 }, { piece: 'get_forecast', p: 0.25 }] } });
    const [a, b, missing] = callConfidences(s, ['search', 'get_forecast', 'nowhere'], TOOLS);
    assert.deepEqual(a, { p: 1, alternatives: [] });
    // A warm sampler picked the less likely name: the figure says so.
    assert.deepEqual(b, { p: 0.25, alternatives: [{ name: 'get_weather', p: 0.7 }, { name: 'get_forecast', p: 0.25 }] });
    assert.equal(missing, null);
    assert.equal(lowestConfidence({ calls: [a ?? null, b ?? null, null] }), 0.25);
    assert.equal(lowestConfidence({ unavailable: 'no logprobs' }), undefined);
    assert.equal(confidenceJson(null), null);
  });

  it('toolsOnly: keeps the candidates a tools grammar allows at each name token, renormalised', () => {
    // The model's own distribution: 0.5 on a name no tool has; the grammar would never let it through.
    const pieces = ['{"name": "', 'get_', 'weather', '", "arguments": {}}'];
    const s = steps(pieces, { 2: { p: 0.3, candidates: [{ piece: 'wind', p: 0.5 }, { piece: 'weather', p: 0.3 }, { piece: 'forecast', p: 0.2 }] } });
    const [raw] = callConfidences(s, ['get_weather'], TOOLS);
    const [constrained] = callConfidences(s, ['get_weather'], TOOLS, { toolsOnly: true });
    assert.deepEqual(raw?.alternatives.map((a) => a.name), ['get_wind…', 'get_weather', 'get_forecast']);
    assert.ok(constrained && Math.abs(constrained.p - 0.6) < 1e-12);
    assert.deepEqual(constrained.alternatives.map((a) => [a.name, Number(a.p.toFixed(6))]), [['get_weather', 0.6], ['get_forecast', 0.4]]);
  });
});

describe('nameTokenIndices', () => {
  it('names the tokens that write each call\'s name, and undefined for a name not there', () => {
    const pieces = ['[{"name": "', 'get', '_weather', '", "arguments": {}}, {"name": "s', 'earch', '", "arguments": {}}]'];
    assert.deepEqual(nameTokenIndices(pieces, ['get_weather', 'search', 'other']), [[1, 2], [3, 4], undefined]);
  });
});

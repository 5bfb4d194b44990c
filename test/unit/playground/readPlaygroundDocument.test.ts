import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isJsonObject, toPlain } from '../../../src/core/json/jsonValue';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';
import { seedPlayground } from '../../../src/core/playground/seed';
import type { PlaygroundReadResult } from '../../../src/core/playground/types';

const TOOL = '{"name": "get_weather", "description": "Weather now", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}';

function doc(fields: string): string {
  return `{\n  "version": 1,\n${fields}\n}\n`;
}

function problems(result: PlaygroundReadResult): string[] {
  return result.problems.map((p) => `${p.severity} ${p.location.line}:${p.location.column} ${JSON.stringify(p.path)} ${p.message}`);
}

void describe('readPlaygroundDocument', () => {
  void it('reads a full document with defaults filled in', () => {
    const text = doc(`  "tools": [${TOOL}],
  "messages": [{"role": "user", "content": "Weather in Paris?"}],
  "format": "xlam2-qwen", "variant": "bfcl",
  "sampling": {"temperature": 0.5, "topP": 0.9, "maxTokens": 256, "seed": 7},
  "mocks": {"get_weather": [{"when": {"city": "Paris"}, "result": {"t": 18.0}}, {"error": "down"}]},
  "lastRun": {"output": "[]", "calls": [], "finishReason": "stop", "timings": {"ttftMs": 12.5}, "engine": {"kind": "local", "model": "m.gguf", "backend": "cpu"}}`);
    const result = readPlaygroundDocument(text, '/w/a.playground.json');
    assert.deepEqual(problems(result), []);
    assert.ok(result.ok);
    const d = result.document;
    assert.equal(d.tools.kind, 'inline');
    assert.equal(d.tools.kind === 'inline' && d.tools.tools[0]?.name, 'get_weather');
    assert.equal(d.messages[0]?.role, 'user');
    assert.equal(d.format, 'xlam2-qwen');
    assert.equal(d.variant, 'bfcl');
    assert.deepEqual(d.sampling, { temperature: 0.5, topP: 0.9, maxTokens: 256, seed: 7 });
    assert.equal(d.grammar, true);
    const rules = d.mocks.get('get_weather');
    assert.equal(rules?.length, 2);
    assert.deepEqual(toPlain(rules?.[0]?.when ?? null), { city: 'Paris' });
    assert.equal(rules?.[1]?.error, 'down');
    assert.equal(d.lastRun?.engine?.model, 'm.gguf');
    assert.equal(d.lastRun?.timings?.ttftMs, 12.5);
  });

  void it('defaults every optional field', () => {
    const result = readPlaygroundDocument('{"version": 1}');
    assert.ok(result.ok);
    assert.deepEqual(result.document.tools, { kind: 'inline', tools: [] });
    assert.deepEqual(result.document.messages, []);
    assert.equal(result.document.format, 'auto');
    assert.equal(result.document.variant, 'auto');
    assert.equal(result.document.grammar, true);
    assert.equal(result.document.mocks.size, 0);
    assert.equal(result.document.lastRun, undefined);
  });

  void it('reads a tools file reference and refuses absolute paths and URIs', () => {
    const ok = readPlaygroundDocument(doc('  "tools": {"path": "../tools/weather.tools.json"}'));
    assert.ok(ok.ok);
    assert.deepEqual(ok.document.tools, { kind: 'file', path: '../tools/weather.tools.json' });
    for (const path of ['/etc/passwd', 'C:\\x.json', 'file:///x.json', '\\\\server\\x', '  ']) {
      const bad = readPlaygroundDocument(doc(`  "tools": {"path": ${JSON.stringify(path)}}`));
      assert.equal(bad.ok, false, path);
      assert.deepEqual(bad.problems[0]?.path, ['tools', 'path']);
    }
    assert.equal(readPlaygroundDocument(doc('  "tools": {"path": "a.json", "x": 1}')).ok, false);
  });

  void it('locates syntax errors at file line:col', () => {
    const result = readPlaygroundDocument('{\n  "version": 1,\n  "tools": [,]\n}', '/w/b.playground.json');
    assert.equal(result.ok, false);
    const [p] = result.problems;
    assert.equal(p?.location.file, '/w/b.playground.json');
    assert.deepEqual([p?.location.line, p?.location.column], [3, 13]);
    assert.match(p?.message ?? '', /invalid JSON/);
  });

  void it('reports every field problem with its path and position', () => {
    const text = doc(`  "tools": [${TOOL}, {"description": "no name"}, ${TOOL}],
  "messages": [{"role": "robot", "content": "x"}, {"role": "assistant", "tool_calls": [{"name": "f"}]}],
  "format": "fc-v2",
  "variant": "nope",
  "sampling": {"temperature": 3, "topP": 0, "maxTokens": 1.5, "seed": "x", "topK": 5},
  "grammar": "yes",
  "mocks": {"get_weather": [{"when": 1, "result": 2}, {}, {"result": 1, "error": "e"}, {"error": 5}], "ghost": "x"}`);
    const result = readPlaygroundDocument(text, 'p.json');
    assert.equal(result.ok, false);
    const byPath = new Map(result.problems.map((p) => [JSON.stringify(p.path), p]));
    for (const path of [
      ['tools', 1],
      ['tools', 2],
      ['messages', 0, 'role'],
      ['messages', 1, 'tool_calls', 0],
      ['format'],
      ['variant'],
      ['sampling', 'temperature'],
      ['sampling', 'topP'],
      ['sampling', 'maxTokens'],
      ['sampling', 'seed'],
      ['sampling', 'topK'],
      ['grammar'],
      ['mocks', 'get_weather', 0, 'when'],
      ['mocks', 'get_weather', 1],
      ['mocks', 'get_weather', 2],
      ['mocks', 'get_weather', 3, 'error'],
      ['mocks', 'ghost'],
    ]) {
      assert.ok(byPath.has(JSON.stringify(path)), `no problem at ${JSON.stringify(path)}: ${problems(result).join('\n')}`);
    }
    const role = byPath.get(JSON.stringify(['messages', 0, 'role']));
    assert.deepEqual([role?.location.line, role?.location.column], [4, 25]);
    assert.equal(role?.location.file, 'p.json');
    assert.match(role?.message ?? '', /^messages\[0\]\.role: the message has role "robot"/);
    assert.equal(byPath.get(JSON.stringify(['sampling', 'topK']))?.severity, 'warning');
  });

  void it('rejects a missing, fractional or newer version', () => {
    for (const [text, pattern] of [
      ['{}', /missing "version"/],
      ['{"version": 1.0}', /must be the integer 1/],
      ['{"version": 2}', /version 2 is not readable/],
      ['[]', /JSON object/],
    ] as const) {
      const result = readPlaygroundDocument(text);
      assert.equal(result.ok, false, text);
      assert.match(result.problems[0]?.message ?? '', pattern);
    }
  });

  void it('keeps the document with warnings: unknown keys, unused mocks, a stale lastRun', () => {
    const text = doc(`  "tools": [${TOOL}],
  "extra": true,
  "mocks": {"get_weather": [{"result": 1}, {"result": 2}]},
  "lastRun": {"output": 5}`);
    const result = readPlaygroundDocument(text);
    assert.ok(result.ok, problems(result).join('\n'));
    assert.equal(result.document.lastRun, undefined);
    assert.deepEqual(result.problems.map((p) => [p.severity, p.path]), [
      ['warning', ['extra']],
      ['warning', ['mocks', 'get_weather', 1]],
      ['warning', ['lastRun', 'output']],
    ]);
  });

  void it('bounds nesting before parsing, at the first too-deep bracket', () => {
    const deep = `{"version": 1, "tools": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const result = readPlaygroundDocument(deep);
    assert.equal(result.ok, false);
    assert.match(result.problems[0]?.message ?? '', /nested deeper than 995 levels/);
    assert.equal(result.problems[0]?.location.offset, 24 + 994);
    // Brackets inside strings do not count.
    assert.equal(readPlaygroundDocument(doc(`  "messages": [{"role": "user", "content": "${'['.repeat(5000)}"}]`)).ok, true);
  });

  void it('never throws, on any text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json().map((json) => `{"version": 1, "tools": ${json}, "mocks": ${json}, "messages": ${json}, "lastRun": ${json}}`)), (text) => {
        const result = readPlaygroundDocument(text);
        assert.equal(typeof result.ok, 'boolean');
        if (!result.ok) assert.ok(result.problems.length > 0);
      }),
      { numRuns: 300 },
    );
  });

  void it('reads what seedPlayground writes', () => {
    const seeded = readPlaygroundDocument(seedPlayground({ example: 'weather' }));
    assert.ok(seeded.ok, problems(seeded).join('\n'));
    assert.equal(seeded.document.mocks.get('get_weather')?.length, 3);
    const fromFile = readPlaygroundDocument(seedPlayground({ toolsText: `[${TOOL}]`, toolsPath: 'weather.tools.json', query: 'hi' }));
    assert.ok(fromFile.ok);
    assert.deepEqual(fromFile.document.tools, { kind: 'file', path: 'weather.tools.json' });
    assert.equal(fromFile.document.messages[0]?.content, 'hi');
    const inline = readPlaygroundDocument(seedPlayground({ toolsText: `[${TOOL}]` }));
    assert.ok(inline.ok);
    assert.ok(inline.document.tools.kind === 'inline' && isJsonObject(inline.document.tools.tools[0]?.plain));
  });

  void it('seeding from a bad tools file fails with its location', () => {
    assert.throws(() => seedPlayground({ toolsText: '[1]', toolsFile: 't.tools.json' }), (error: Error & { describe?: () => string }) => error.describe?.() === 't.tools.json:1:2: tool 0 is not an object');
  });
});

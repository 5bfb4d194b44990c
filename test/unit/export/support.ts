import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportCode } from '../../../src/core/export/exportCode';
import type { ExportInput, ExportLang } from '../../../src/core/export/types';
import type { FormatId } from '../../../src/core/formats/types';
import { messagesOf, toolsOf } from '../formats/support';

/** Why Python tests are skipped, or false when python3 runs here. */
export const NO_PYTHON: string | false = spawnSync('python3', ['--version']).status === 0 ? false : 'skipped: no python3 on this machine';

/** A file in a fresh temp directory. */
export function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'xlam-export-')), name);
  writeFileSync(path, text);
  return path;
}

/** Runs python3 with the arguments; stdout as bytes, and a readable failure. */
export function python(args: string[]): Buffer {
  const run = spawnSync('python3', args, { maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`python3 ${args.join(' ')} exited ${String(run.status)}: ${run.stderr.toString('utf8')}`);
  return run.stdout;
}

/**
 * Loads an exported Python file as a module (not as __main__, so nothing runs and no package is
 * imported) and prints the JSON of `expression` over its globals (m).
 */
export function pythonEval(file: string, expression: string): Buffer {
  const driver = `import runpy, sys, json\nm = runpy.run_path(sys.argv[1], run_name="exported")\nsys.stdout.buffer.write((${expression}).encode("utf-8", "surrogatepass"))`;
  return python(['-c', driver, file]);
}

/** The same, over several files in one python3 process: the values as a JSON list. */
export function pythonEvalAll(files: readonly string[], expression: string): unknown[] {
  const driver = `import runpy, sys, json\nout = []\nfor f in sys.argv[1:]:\n    m = runpy.run_path(f, run_name="exported")\n    out.append(${expression})\nsys.stdout.write(json.dumps(out))`;
  return JSON.parse(python(['-c', driver, ...files]).toString('utf8')) as unknown[];
}

export interface Case {
  format: FormatId;
  variant?: string;
  tools: string;
  messages: string;
}

export function exportOf(lang: ExportLang, c: Case, extra: Partial<ExportInput> = {}): ReturnType<typeof exportCode> {
  return exportCode({ lang, format: c.format, ...(c.variant !== undefined ? { variant: c.variant } : {}), tools: toolsOf(c.tools), messages: messagesOf(c.messages), ...extra });
}

/**
 * Values Python's json must write back as we do: non-ASCII and astral text, quotes of both kinds
 * and ''' (the raw string's end), controls, 1.0, 1e100, 1E-7, -0.0, a 20-digit integer,
 * integer-like keys, nested objects, empty and missing parameters, an OpenAI wrapper, a flat
 * (xlam-60k) parameter map, a required name with no property, a repeated key.
 */
export const TRICKY_TOOLS = String.raw`[
  {"name": "café_ß", "description": "Prix en €, “naïve” 'single' ''' triple \\ backslash \u2028 sep \u0000 nul \u007f del \t tab",
   "parameters": {"type": "object", "properties": {
     "ratio": {"type": "number", "default": 1.0},
     "big": {"type": "integer", "default": 12345678901234567890},
     "huge": {"type": "number", "default": 1e100},
     "tiny": {"type": "number", "default": 1E-7},
     "neg": {"default": -0.0},
     "nested": {"type": "object", "properties": {"list": {"type": "array", "items": {"type": "object", "properties": {"7": {"type": "string"}, "1": {}}}}}},
     "emoji": {"type": "string", "description": "😀 ok"}},
     "required": ["ratio", "nested", "missing", 5]}},
  {"name": "no_props", "description": "empty", "parameters": {"type": "object", "properties": {}}},
  {"name": "no_parameters"},
  {"type": "function", "function": {"name": "wrapped", "parameters": {"type": "object", "properties": {"x": {"type": "string", "required": false}}, "required": ["x"]}}},
  {"name": "flat", "description": "60k style", "parameters": {"type": {"description": "a parameter named type", "type": "str", "default": "game"}}},
  {"name": "dup", "parameters": {"properties": {"k": {"type": "string"}, "k": {"type": "integer"}}}}
]`;

/** Messages over every path of the v1 builders: systems first and late, an orphan tool result, non-string contents, calls. */
export const TRICKY_MESSAGES = String.raw`[
  {"role": "system", "content": "Sé \"brief\" and 'kind'\n\ttab ✓"},
  {"role": "tool", "content": "orphan result"},
  {"role": "user", "content": "Wetter in Köln? 😀 1.0"},
  {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "café_ß", "arguments": {"ratio": 1.0, "big": 12345678901234567890}}}]},
  {"role": "tool", "content": {"temp": 15.0, "ok": true, "none": null, "e": 1e100}},
  {"role": "assistant"},
  {"role": "ipython", "content": "ipython text"},
  {"role": "user", "content": [{"type": "text", "text": "and tomorrow?"}]},
  {"role": "system", "content": "late system"}
]`;

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { clearLintCaches, lintText } from '../../../src/core/lint';

const ROOT = resolve(__dirname, '../../../..');
const FIXTURES = join(ROOT, 'test/fixtures/lint');
const SNAPSHOT = join(FIXTURES, 'diagnostics.snapshot.json');

/** Lints a fixture as the editor would, tools files named in calls entries read from disk. */
function lintFixture(relative: string) {
  const path = join(FIXTURES, relative);
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  return lintText(read(path) ?? '', path, (ref) => read(resolve(dirname(path), ref)));
}

/** Every fixture file, relative to the fixtures folder, calls files first or last. */
function fixtures(callsFirst: boolean): string[] {
  const list = (dir: string) =>
    readdirSync(join(FIXTURES, dir))
      .filter((name) => /\.(tools\.json|calls\.jsonl?)$/.test(name))
      .sort()
      .map((name) => `${dir}/${name}`);
  const all = [...list('tools'), ...list('calls'), ...list('snapshot')];
  const isCalls = (file: string) => /\.calls\.jsonl?$/.test(file);
  return [...all.filter((f) => isCalls(f) === callsFirst), ...all.filter((f) => isCalls(f) !== callsFirst)];
}

/** Every diagnostic of every fixture: code, severity, exact range and message. */
function lintAll(callsFirst: boolean): Record<string, string[]> {
  clearLintCaches();
  const out: Record<string, string[]> = {};
  for (const file of fixtures(callsFirst)) {
    out[file] = lintFixture(file).map((d) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.line}:${d.range.end.column} ${d.severity} ${d.code} ${d.message}`);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

// The snapshot was written by the lint that compiled every $ref schema and meta-validated each
// schema on its own: compiling lazily must not change one code, position or message, whichever
// file (and so whichever compile) comes first. XLAM_UPDATE_SNAPSHOT=1 rewrites it.
describe('lint snapshot: every fixture diagnostic, exactly', () => {
  it('tools files first (nothing compiled yet), then calls files', () => {
    const actual = lintAll(false);
    if (process.env.XLAM_UPDATE_SNAPSHOT === '1') writeFileSync(SNAPSHOT, `${JSON.stringify(actual, null, 1)}\n`);
    assert.deepEqual(actual, JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
  });

  it('calls files first (their validators compiled), then tools files', () => {
    assert.deepEqual(lintAll(true), JSON.parse(readFileSync(SNAPSHOT, 'utf8')));
  });
});

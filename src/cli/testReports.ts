import { renameSync, writeFileSync } from 'node:fs';
import { InputError } from '../core/errors';
import { compactJson } from '../core/json/pyJsonDumps';
import { junitXml } from '../core/suite/junit';
import { resultsJson } from '../core/suite/resultsJson';
import type { TrialOutcome } from '../core/suite/runCases';
import { expectedValue } from '../core/suite/scoreCase';
import type { SuiteSummary } from '../core/suite/summary';
import type { Suite } from '../core/suite/types';

/** Writes a whole file or nothing: a temp file renamed over the target. */
export function writeWhole(path: string, text: string): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** `--junit FILE` and `--json FILE`. */
export function writeReports(suites: readonly Suite[], outcomes: readonly TrialOutcome[], summary: SuiteSummary, files: { junit: string | undefined; json: string | undefined }): void {
  if (files.junit !== undefined) {
    const names = new Map(suites.map((s) => [s.file, s.name]));
    const expected = (file: string, id: string): string => {
      const item = suites.find((s) => s.file === file)?.cases.find((c) => c.id === id);
      return item === undefined ? '?' : compactJson(expectedValue(item));
    };
    writeWhole(files.junit, junitXml(outcomes, names, expected));
  }
  if (files.json !== undefined) writeWhole(files.json, resultsJson(outcomes, summary));
}

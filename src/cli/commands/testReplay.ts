import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CheckerMode } from '../../core/check/types';
import { InputError } from '../../core/errors';
import { readRecordLine } from '../../core/suite/record';
import { rescoreTrial } from '../../core/suite/replay';
import type { TrialOutcome } from '../../core/suite/runCases';
import type { Suite, SuiteCase } from '../../core/suite/types';
import { isJsonObject, type JsonObject } from '../../core/json/jsonValue';
import type { CliIo } from '../io';
import { readSuiteFile } from '../suiteFiles';

interface Entry {
  suite: Suite;
  checker: CheckerMode;
  cases: Map<string, SuiteCase>;
}

export interface ReplayOptions {
  /** Suite files given on the command line; none: the ones the record's header names. */
  suitePaths: readonly string[];
  checker: CheckerMode | undefined;
  select: (suite: Suite, item: SuiteCase) => boolean;
  onOutcome: (outcome: TrialOutcome, suite: Suite, item: SuiteCase) => void;
}

/**
 * `--replay FILE`: the record is read line by line (never whole) and each trial scored again
 * against the suites as they are now, with the checker given (else the recorded one). Returns the
 * suites read and how many recorded trials had no case any more.
 */
export async function replayRecord(file: string, io: CliIo, options: ReplayOptions): Promise<{ suites: Suite[]; orphans: number }> {
  try {
    if (!statSync(file).isFile()) throw new InputError(`cannot read ${file}: not a file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  let suites: Suite[] | undefined;
  const byFile = new Map<string, Entry>();
  /** The entry of each suite path as the record writes it: resolved once, not per line. */
  const byRecorded = new Map<string, Entry | undefined>();
  let orphans = 0;
  try {
    for await (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      const read = readRecordLine(text, line, file);
      if (read.type === 'header') {
        if (suites !== undefined) throw new InputError('a second header line', { file, line, column: 1, offset: 0 });
        suites = openSuites(read.value, options.suitePaths, file, line);
        for (const suite of suites) byFile.set(resolve(suite.file), { suite, checker: options.checker ?? recordedChecker(read.value, suite) ?? 'default', cases: new Map(suite.cases.map((c) => [c.id, c])) });
        continue;
      }
      if (suites === undefined) throw new InputError('the record does not start with its header line', { file, line, column: 1, offset: 0 });
      const trial = read.trial;
      if (!byRecorded.has(trial.suite)) byRecorded.set(trial.suite, byFile.get(resolve(trial.suite)) ?? [...byFile.values()].find((e) => basename(e.suite.file) === basename(trial.suite)));
      const entry = byRecorded.get(trial.suite);
      const item = entry?.cases.get(trial.caseId);
      if (entry === undefined || item === undefined) {
        orphans++;
        continue;
      }
      if (!options.select(entry.suite, item)) continue;
      try {
        options.onOutcome(rescoreTrial(trial, entry.suite.file, item, entry.checker), entry.suite, item);
      } catch (error) {
        if (error instanceof InputError && error.location === undefined) throw new InputError(error.message, { file, line, column: 1, offset: 0 });
        throw error;
      }
    }
  } finally {
    lines.close();
    stream.destroy();
  }
  if (suites === undefined) throw new InputError(`${file} is empty: no run record header`);
  if (orphans > 0) io.stderr(`warning: ${orphans} recorded trials belong to no case of the suites (removed or renamed cases)\n`);
  return { suites, orphans };
}

function openSuites(header: JsonObject, given: readonly string[], file: string, line: number): Suite[] {
  if (given.length > 0) return given.map(readSuiteFile);
  const listed = header.get('suites');
  const paths = Array.isArray(listed) ? listed.flatMap((s) => (isJsonObject(s) && typeof s.get('file') === 'string' ? [s.get('file') as string] : [])) : [];
  if (paths.length === 0) throw new InputError('the header names no suite file; give the SUITE files', { file, line, column: 1, offset: 0 });
  return paths.map(readSuiteFile);
}

function recordedChecker(header: JsonObject, suite: Suite): CheckerMode | undefined {
  const listed = header.get('suites');
  if (!Array.isArray(listed)) return undefined;
  for (const s of listed) {
    if (!isJsonObject(s) || s.get('file') !== suite.file) continue;
    const settings = s.get('settings');
    const checker = isJsonObject(settings) ? settings.get('checker') : undefined;
    if (checker === 'bfcl' || checker === 'default') return checker;
  }
  return undefined;
}

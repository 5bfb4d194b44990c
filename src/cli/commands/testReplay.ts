import { createReadStream, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { CheckerMode } from '../../core/check/types';
import { InputError } from '../../core/errors';
import { readRecordLine } from '../../core/suite/record';
import { rescoreTrial } from '../../core/suite/replay';
import type { TrialOutcome } from '../../core/suite/runCases';
import type { SuiteCases } from '../../core/suite/streamedSuite';
import type { SuiteCase, SuiteInfo } from '../../core/suite/types';
import { isJsonObject, type JsonObject } from '../../core/json/jsonValue';
import type { CliIo } from '../io';
import { openSuiteCases } from '../suiteFiles';

interface Entry {
  suite: SuiteInfo;
  checker: CheckerMode;
  cases: SuiteCases;
}

export interface ReplayOptions {
  /** Suite files given on the command line; none: the ones the record's header names. */
  suitePaths: readonly string[];
  checker: CheckerMode | undefined;
  select: (suite: SuiteInfo, item: SuiteCase) => boolean;
  onOutcome: (outcome: TrialOutcome, suite: SuiteInfo, item: SuiteCase) => void;
}

/**
 * `--replay FILE`: the record is read line by line (never whole) and each trial scored again
 * against the suites as they are now, with the checker given (else the recorded one). The suites'
 * cases are read from their files case by case as the record names them (openSuiteCases), so
 * neither file is held whole. Returns the suites read and how many recorded trials had no case
 * any more.
 */
export async function replayRecord(file: string, io: CliIo, options: ReplayOptions): Promise<{ suites: SuiteInfo[]; orphans: number }> {
  try {
    if (!statSync(file).isFile()) throw new InputError(`cannot read ${file}: not a file`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  const stream = createReadStream(file, { encoding: 'utf8' });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  let suites: Array<SuiteCases & { close(): void }> | undefined;
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
        for (const cases of suites) byFile.set(resolve(cases.info.file), { suite: cases.info, checker: options.checker ?? recordedChecker(read.value, cases.info) ?? 'default', cases });
        continue;
      }
      if (suites === undefined) throw new InputError('the record does not start with its header line', { file, line, column: 1, offset: 0 });
      const trial = read.trial;
      if (!byRecorded.has(trial.suite)) byRecorded.set(trial.suite, byFile.get(resolve(trial.suite)) ?? [...byFile.values()].find((e) => basename(e.suite.file) === basename(trial.suite)));
      const entry = byRecorded.get(trial.suite);
      const item = entry?.cases.caseOf(trial.caseId);
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
    for (const cases of suites ?? []) cases.close();
  }
  if (suites === undefined) throw new InputError(`${file} is empty: no run record header`);
  if (orphans > 0) io.stderr(`warning: ${orphans} recorded trials belong to no case of the suites (removed or renamed cases)\n`);
  return { suites: suites.map((cases) => cases.info), orphans };
}

/** The suites given, else the ones the header names; each opened (and closed again if another fails). */
function openSuites(header: JsonObject, given: readonly string[], file: string, line: number): Array<SuiteCases & { close(): void }> {
  if (given.length > 0) return openEach(given);
  const listed = header.get('suites');
  const paths = Array.isArray(listed) ? listed.flatMap((s) => (isJsonObject(s) && typeof s.get('file') === 'string' ? [s.get('file') as string] : [])) : [];
  if (paths.length === 0) throw new InputError('the header names no suite file; give the SUITE files', { file, line, column: 1, offset: 0 });
  return openEach(paths);
}

function openEach(paths: readonly string[]): Array<SuiteCases & { close(): void }> {
  const opened: Array<SuiteCases & { close(): void }> = [];
  try {
    for (const path of paths) opened.push(openSuiteCases(path));
    return opened;
  } catch (error) {
    for (const cases of opened) cases.close();
    throw error;
  }
}

function recordedChecker(header: JsonObject, suite: SuiteInfo): CheckerMode | undefined {
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

import { closeSync, openSync, readSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../core/errors';
import { readSuite } from '../core/suite/readSuite';
import { openStreamedSuite, wholeSuiteCases, type SuiteCases } from '../core/suite/streamedSuite';
import type { Suite, SuiteToolsResolver } from '../core/suite/types';
import { readTextFile } from './io';

/** A suite file and the tools files it names (relative to it); bad input is an InputError. */
export function readSuiteFile(path: string): Suite {
  return readSuite(readTextFile(path), path, toolsResolver(path));
}

/** Reads the tools files a suite names, relative to the suite. */
function toolsResolver(path: string): SuiteToolsResolver {
  const base = dirname(resolve(path));
  return (ref) => {
    const file = resolve(base, ref);
    try {
      return { text: readTextFile(file), file };
    } catch (error) {
      if (error instanceof InputError) return undefined;
      throw error;
    }
  };
}

/**
 * A suite's cases for a replay, read from the file case by case (openStreamedSuite); a file the
 * streamed reader gives up on is read whole, so its errors and its cases are readSuite's. Close
 * it when done.
 */
export function openSuiteCases(path: string): SuiteCases & { close(): void } {
  const fd = openOrUndefined(path);
  let streamed: SuiteCases | undefined;
  try {
    streamed = fd === undefined ? undefined : openStreamedSuite({ read: (into, position) => readSync(fd, into, 0, into.length, position) }, path, toolsResolver(path));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error; // not a failed read (EISDIR…): a bug
  }
  if (streamed === undefined || fd === undefined) {
    if (fd !== undefined) closeSync(fd);
    return { ...wholeSuiteCases(readSuiteFile(path)), close: () => undefined };
  }
  const cases = streamed;
  return { info: cases.info, caseOf: (id) => cases.caseOf(id), close: () => closeSync(fd) };
}

/** The file opened for reading; undefined when it cannot be (readSuiteFile then says why). */
function openOrUndefined(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch {
    return undefined;
  }
}

/**
 * The model named by the suites' `defaults.model` when `--model` is not given: a file path is
 * relative to its suite. Suites naming different models need `--model`.
 */
export function suiteModel(suites: readonly Suite[]): string | undefined {
  const named = [...new Set(suites.flatMap((suite) => (suite.defaults.model === undefined ? [] : [resolveModelText(suite.defaults.model, suite.file)])))];
  if (named.length > 1) throw new InputError(`the suites name different models (${named.join(', ')}); choose one with --model`);
  return named[0];
}

function resolveModelText(model: string, suiteFile: string): string {
  return /^(hf|huggingface):|^https?:\/\//i.test(model) ? model : resolve(dirname(resolve(suiteFile)), model);
}

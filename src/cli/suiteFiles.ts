import { dirname, resolve } from 'node:path';
import { InputError } from '../core/errors';
import { readSuite } from '../core/suite/readSuite';
import type { Suite } from '../core/suite/types';
import { readTextFile } from './io';

/** A suite file and the tools files it names (relative to it); bad input is an InputError. */
export function readSuiteFile(path: string): Suite {
  const text = readTextFile(path);
  const base = dirname(resolve(path));
  return readSuite(text, path, (ref) => {
    const file = resolve(base, ref);
    try {
      return { text: readTextFile(file), file };
    } catch (error) {
      if (error instanceof InputError) return undefined;
      throw error;
    }
  });
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

import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readSuite } from '../../../src/core/suite/readSuite';
import type { Suite } from '../../../src/core/suite/types';

export const ROOT = resolve(__dirname, '../../../..');
export const EXAMPLE = join(ROOT, 'examples/travel.fctest.json');

/** A suite from text, its tools files read relative to `file`. */
export function suiteFrom(text: string, file = join(ROOT, 'examples/inline.fctest.json')): Suite {
  return readSuite(text, file, (ref) => {
    const path = resolve(dirname(file), ref);
    try {
      return { text: readFileSync(path, 'utf8'), file: path };
    } catch {
      return undefined;
    }
  });
}

export const TRAVEL = JSON.parse(readFileSync(join(ROOT, 'examples/travel.tools.json'), 'utf8')) as unknown[];

/** A one-case suite around `expect` with the travel tools inline. */
export function oneCase(expect: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ tools: TRAVEL, defaults: { format: 'xlam2-qwen' }, cases: [{ id: 'c1', query: 'q', expect, ...extra }] }, null, 2);
}

export { capture } from '../../support/captureCli';

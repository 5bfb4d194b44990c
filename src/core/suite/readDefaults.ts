import { CHECKER_MODES } from '../check/types';
import type { SamplingOptions } from '../engine/types';
import { FORMAT_IDS, VARIANTS } from '../formats/types';
import type { JsonValue } from '../json/jsonValue';
import type { Located, Path } from './located';
import type { SuiteDefaults } from './types';

const DEFAULT_KEYS = ['format', 'variant', 'model', 'sampling', 'grammar', 'trials', 'checker'];
const SAMPLING_KEYS = ['temperature', 'topP', 'maxTokens', 'seed'];

/** The suite's `defaults` object; every value checked where it is written. */
export function readDefaults(at: Located, value: JsonValue | undefined): SuiteDefaults {
  if (value === undefined) return { sampling: {} };
  const path: Path = ['defaults'];
  const obj = at.object(value, path, '"defaults"');
  at.keys(obj, path, DEFAULT_KEYS, '"defaults"');
  const format = at.choice(obj, 'format', path, FORMAT_IDS);
  const variant = at.string(obj, 'variant', path);
  if (variant !== undefined) {
    if (format === undefined) at.fail([...path, 'variant'], '"variant" needs a "format" beside it');
    if (!VARIANTS[format].includes(variant)) at.fail([...path, 'variant'], `"${variant}" is not a variant of ${format} (${VARIANTS[format].join(', ') || 'it has none'})`);
  }
  const model = at.string(obj, 'model', path);
  const grammar = at.boolean(obj, 'grammar', path);
  const trials = at.number(obj, 'trials', path, (n) => Number.isInteger(n) && n >= 1 && n <= 1000, 'an integer from 1 to 1000');
  const checker = at.choice(obj, 'checker', path, CHECKER_MODES);
  return {
    ...(format !== undefined ? { format } : {}),
    ...(variant !== undefined ? { variant } : {}),
    ...(model !== undefined ? { model } : {}),
    sampling: readSampling(at, obj.get('sampling'), [...path, 'sampling']),
    ...(grammar !== undefined ? { grammar: grammar ? 'tools' : 'none' } : {}),
    ...(trials !== undefined ? { trials } : {}),
    ...(checker !== undefined ? { checker } : {}),
  };
}

function readSampling(at: Located, value: JsonValue | undefined, path: Path): SamplingOptions {
  if (value === undefined) return {};
  const obj = at.object(value, path, '"sampling"');
  at.keys(obj, path, SAMPLING_KEYS, '"sampling"');
  const temperature = at.number(obj, 'temperature', path, (n) => n >= 0 && n <= 2, 'a number from 0 to 2');
  const topP = at.number(obj, 'topP', path, (n) => n > 0 && n <= 1, 'a number above 0, at most 1');
  const maxTokens = at.number(obj, 'maxTokens', path, (n) => Number.isInteger(n) && n > 0, 'a positive integer');
  const seed = at.number(obj, 'seed', path, (n) => Number.isSafeInteger(n) && n >= 0, 'an integer ≥ 0');
  return {
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(seed !== undefined ? { seed } : {}),
  };
}

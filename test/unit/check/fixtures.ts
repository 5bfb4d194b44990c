import { fromPlain, JsonNumber } from '../../../src/core/json/jsonValue';
import { pyJsonDumps } from '../../../src/core/json/pyJsonDumps';
import type { CheckCategory } from '../../../src/core/check/types';

/**
 * One row of the checker table: BFCL's three inputs and the verdict of each checker, traced by
 * hand through gorilla's ast_checker.py (bfcl_eval/eval_checker/ast_eval) and the eval runner's
 * irrelevance and format checks. `null` means valid.
 */
export interface CheckCase {
  name: string;
  category: CheckCategory;
  functions: unknown;
  /** The possible answer; left out for irrelevance. */
  expected?: unknown;
  output: unknown;
  enforceOrder?: boolean;
  /** [bfcl, default]: the error type each checker reports, or null for valid. */
  expect: [string | null, string | null];
}

export const OK = null;

/** A float as written (JS would turn 10.0 into the int 10). */
export const f = (lexeme: string): JsonNumber => new JsonNumber(lexeme);

/** A file's text as Python's json.dumps would write the value (floats keep their ".0"). */
export const jsonText = (value: unknown): string => pyJsonDumps(fromPlain(value));

function fn(name: string, properties: Record<string, unknown>, required: string[]) {
  return { name, description: `The ${name} function.`, parameters: { type: 'dict', properties, required } };
}

const str = { type: 'string', description: 'text' };

export const WEATHER = fn(
  'get_weather',
  { city: str, unit: { type: 'string', description: 'unit', default: 'celsius' }, days: { type: 'integer', description: 'days', default: 3 } },
  ['city'],
);
export const TIME = fn('get_time', { timezone: str }, ['timezone']);
export const AREA = fn('triangle_area', { base: { type: 'float' }, height: { type: 'float' } }, ['base', 'height']);
export const MEAN = fn('mean', { numbers: { type: 'array', items: { type: 'float' } } }, ['numbers']);
export const TAG = fn(
  'tag',
  { tags: { type: 'array', items: { type: 'string' } }, grid: { type: 'array', items: { type: 'array', items: { type: 'string' } } } },
  ['tags'],
);
export const BOOK = fn('book_table', { details: { type: 'dict', properties: {} }, notes: { type: 'dict', properties: {} } }, ['details']);
export const GUESTS = fn('add_guests', { guests: { type: 'array', items: { type: 'dict', properties: {} } } }, ['guests']);
export const ALARM = fn('set_alarm', { enabled: { type: 'boolean' } }, ['enabled']);
export const LOG = fn('log_value', { value: { type: 'any' } }, ['value']);
export const MOVE = fn('move_to', { point: { type: 'tuple', items: { type: 'integer' } } }, ['point']);

/** `{get_weather: {city: [city], unit: ["", "celsius"]}}`, a possible answer call. */
export function weatherAnswer(cities: string[], unit: unknown[] = ['', 'celsius']) {
  return { get_weather: { city: cities, unit } };
}

export function weatherCall(city: string, extra: Record<string, unknown> = {}) {
  return { get_weather: { city, ...extra } };
}

/*
 * The runtime checks of Compare's messages (playgroundProtocol.ts uses them): a column's settings,
 * and the engine it names, which the host will open. A webview is a web page, so a column may only
 * name an absolute `.gguf` path or an http(s) URL without credentials.
 */
import { COMPARE_MAX_COLUMNS, COMPARE_MIN_COLUMNS } from '../core/playground/compareColumns';
import { endpointUrlProblem, ggufPathProblem } from '../core/playground/columnEngineRules';
import { FORMAT_IDS } from '../core/formats/types';
import { arrayOf, boolean, integer, isRecord, nullable, object, oneOf, optional, string, type Check } from './protocolChecks';

const MAX_PATH = 4_096;
const MAX_NAME = 1_000;

const range =
  (min: number, max: number, minOpen: boolean, rule: string): Check =>
  (value, at) =>
    typeof value === 'number' && Number.isFinite(value) && (minOpen ? value > min : value >= min) && value <= max ? undefined : `${at} must be ${rule}`;

export const temperatureCheck = range(0, 2, false, 'a number from 0 to 2');
const topP = range(0, 1, true, 'a number above 0, at most 1');
const maxTokens = integer(1, 1_000_000);
const seed = integer(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);

/** An absolute path (POSIX, drive letter or UNC) of a `.gguf` file, without NUL or `..` segments. */
const ggufPath: Check = (value, at) => {
  const reason = string(MAX_PATH, 1)(value, at);
  if (reason !== undefined) return reason;
  const problem = ggufPathProblem(value as string);
  return problem === undefined ? undefined : `${at} ${problem}`;
};

/** An http(s) URL without credentials, query or fragment (the API key lives in secret storage). */
const endpointUrl: Check = (value, at) => {
  const reason = string(MAX_PATH, 1)(value, at);
  if (reason !== undefined) return reason;
  const problem = endpointUrlProblem(value as string);
  return problem === undefined ? undefined : `${at} ${problem}`;
};

export const columnEngineCheck: Check = (value, at) => {
  const kind = isRecord(value) ? value.kind : undefined;
  if (kind === 'current') return object({ kind: oneOf(['current']) })(value, at);
  if (kind === 'local') return object({ kind: oneOf(['local']), path: ggufPath })(value, at);
  if (kind === 'endpoint') return object({ kind: oneOf(['endpoint']), baseUrl: endpointUrl, model: optional(string(MAX_NAME, 1)), mode: optional(oneOf(['chat', 'raw'])) })(value, at);
  return `${at}.kind must be "current", "local" or "endpoint"`;
};

const compareColumn = object({
  format: oneOf(['auto', ...FORMAT_IDS]),
  variant: string(MAX_NAME, 1),
  engine: columnEngineCheck,
  grammar: boolean,
  temperature: nullable(temperatureCheck),
  topP: nullable(topP),
  maxTokens: nullable(maxTokens),
  seed: nullable(seed),
});

export const compareColumnsCheck: Check = (value, at) => {
  const reason = arrayOf(compareColumn, COMPARE_MAX_COLUMNS)(value, at);
  if (reason !== undefined) return reason;
  return (value as unknown[]).length < COMPARE_MIN_COLUMNS ? `${at} must have ${COMPARE_MIN_COLUMNS} to ${COMPARE_MAX_COLUMNS} columns` : undefined;
};

export const compareIndexCheck = integer(0, COMPARE_MAX_COLUMNS - 1);

/** `compareStarted.lanes`: every column exactly once, each lane in column order. */
export const compareLanesCheck: Check = (value, at) => {
  const reason = arrayOf(arrayOf(compareIndexCheck, COMPARE_MAX_COLUMNS), COMPARE_MAX_COLUMNS)(value, at);
  if (reason !== undefined) return reason;
  const columns = (value as number[][]).flat();
  const sorted = [...columns].sort((a, b) => a - b);
  if (columns.length < COMPARE_MIN_COLUMNS || sorted.some((column, i) => column !== i)) return `${at} must hold each of ${COMPARE_MIN_COLUMNS} to ${COMPARE_MAX_COLUMNS} columns exactly once`;
  return (value as number[][]).every((lane) => lane.length > 0 && lane.every((column, i) => i === 0 || column > (lane[i - 1] as number))) ? undefined : `${at}: each lane must list its columns in order`;
};

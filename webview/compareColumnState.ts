/*
 * Compare's columns as the webview state keeps them (UI state, plain JSON): read back with every
 * value the host would refuse (an older state, a hand-edited one) put back to its default. No DOM:
 * unit-tested.
 */
import { columnEngineCheck } from '../src/shared/compareChecks';
import { COMPARE_MAX_COLUMNS, COMPARE_MIN_COLUMNS, FORMAT_IDS, type ColumnEnginePayload, type CompareColumnPayload } from '../src/shared/playgroundProtocol';

export type SamplingKey = 'temperature' | 'topP' | 'maxTokens' | 'seed';

/** What a column's sampling field accepts (as the protocol does); anything else means the file's value. */
export const SAMPLING_ACCEPTS: Record<SamplingKey, (n: number) => boolean> = {
  temperature: (n) => n >= 0 && n <= 2,
  topP: (n) => n > 0 && n <= 1,
  maxTokens: (n) => Number.isSafeInteger(n) && n >= 1 && n <= 1_000_000,
  seed: (n) => Number.isSafeInteger(n),
};

export function defaultColumn(): CompareColumnPayload {
  return { format: 'auto', variant: 'auto', engine: { kind: 'current' }, grammar: true, temperature: null, topP: null, maxTokens: null, seed: null };
}

/** Saved columns, or two default ones when they do not read back. */
export function columnsFromState(saved: unknown): CompareColumnPayload[] {
  if (!Array.isArray(saved) || saved.length < COMPARE_MIN_COLUMNS || saved.length > COMPARE_MAX_COLUMNS) return [defaultColumn(), defaultColumn()];
  return saved.map((c: Partial<CompareColumnPayload> | null) => columnFromState(c));
}

export function columnFromState(c: Partial<CompareColumnPayload> | null): CompareColumnPayload {
  const num = (key: SamplingKey): number | null => {
    const value = c?.[key];
    return typeof value === 'number' && Number.isFinite(value) && SAMPLING_ACCEPTS[key](value) ? value : null;
  };
  return {
    format: typeof c?.format === 'string' && (c.format === 'auto' || (FORMAT_IDS as readonly string[]).includes(c.format)) ? c.format : 'auto',
    variant: typeof c?.variant === 'string' && c.variant !== '' ? c.variant : 'auto',
    engine: engineFromState(c?.engine),
    grammar: typeof c?.grammar === 'boolean' ? c.grammar : true,
    temperature: num('temperature'),
    topP: num('topP'),
    maxTokens: num('maxTokens'),
    seed: num('seed'),
  };
}

function engineFromState(saved: unknown): ColumnEnginePayload {
  return saved !== undefined && columnEngineCheck(saved, 'engine') === undefined ? (JSON.parse(JSON.stringify(saved)) as ColumnEnginePayload) : { kind: 'current' };
}

/**
 * The file's `compare` field ({"columns": [{format, variant, grammar, sampling, engine}]}, as
 * readCompare.ts reads it) as the pane's columns; undefined when absent or not 2–4 columns.
 * Anything the host would refuse reads as its default, as for saved state.
 */
export function columnsFromFile(compare: unknown): CompareColumnPayload[] | undefined {
  const list = typeof compare === 'object' && compare !== null && !Array.isArray(compare) ? (compare as { columns?: unknown }).columns : undefined;
  if (!Array.isArray(list) || list.length < COMPARE_MIN_COLUMNS || list.length > COMPARE_MAX_COLUMNS) return undefined;
  return list.map((item: unknown) => {
    const c = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
    const sampling = typeof c['sampling'] === 'object' && c['sampling'] !== null ? (c['sampling'] as Record<string, unknown>) : {};
    return columnFromState({ format: c['format'], variant: c['variant'], grammar: c['grammar'], engine: c['engine'] ?? { kind: 'current' }, temperature: sampling['temperature'], topP: sampling['topP'], maxTokens: sampling['maxTokens'], seed: sampling['seed'] } as Partial<CompareColumnPayload>);
  });
}

import type { CheckerMode } from '../check/types';
import type { GrammarMode, SamplingOptions } from '../engine/types';
import { InputError } from '../errors';
import { VARIANTS, type FormatId } from '../formats/types';
import type { Suite, SuiteCase, SuiteInfo } from './types';

/** How a case is run: the suite's defaults with the caller's overrides on top. */
export interface RunSettings {
  format: FormatId;
  variant?: string;
  sampling: SamplingOptions;
  grammar: GrammarMode;
  trials: number;
  checker: CheckerMode;
  /** Measure each call's name confidence (GenerateRequest.confidence). */
  confidence?: boolean;
}

/** What a caller (CLI flags, a run profile) sets over every suite's defaults. */
export interface RunOverrides {
  format?: FormatId;
  variant?: string;
  sampling?: SamplingOptions;
  grammar?: GrammarMode;
  trials?: number;
  checker?: CheckerMode;
  confidence?: boolean;
}

export interface PlannedCase {
  suite: Suite;
  item: SuiteCase;
  settings: RunSettings;
}

export function resolveSettings(suite: Suite, overrides: RunOverrides): RunSettings {
  const d = suite.defaults;
  const format = overrides.format ?? d.format;
  if (format === undefined) throw new InputError(`${suite.file}: the suite has no "defaults.format" and none was given (--format)`);
  const variant = overrides.variant ?? (format === d.format ? d.variant : undefined);
  if (variant !== undefined && !VARIANTS[format].includes(variant)) throw new InputError(`"${variant}" is not a variant of ${format}`);
  return {
    format,
    ...(variant !== undefined ? { variant } : {}),
    sampling: { ...d.sampling, ...overrides.sampling },
    grammar: overrides.grammar ?? d.grammar ?? 'none',
    trials: overrides.trials ?? d.trials ?? 1,
    checker: overrides.checker ?? d.checker ?? 'default',
    ...(overrides.confidence === true ? { confidence: true } : {}),
  };
}

/** Whether a case matches `--filter TEXT`: its id, category or suite name contains it (any case). */
export function matchesFilter(suite: SuiteInfo, item: SuiteCase, filter: string | undefined): boolean {
  if (filter === undefined || filter === '') return true;
  const needle = filter.toLowerCase();
  return [item.id, item.category, suite.name].some((text) => text.toLowerCase().includes(needle));
}

/**
 * The cases to run, grouped by tool set (stable otherwise): consecutive cases then share their
 * prompt's system and tools prefix, which the local engine reuses instead of evaluating again.
 */
export function planCases(suites: readonly Suite[], overrides: RunOverrides, select: (suite: Suite, item: SuiteCase) => boolean = () => true): PlannedCase[] {
  const groups = new Map<string, PlannedCase[]>();
  for (const suite of suites) {
    const settings = resolveSettings(suite, overrides);
    for (const item of suite.cases) {
      if (!select(suite, item)) continue;
      const key = `${settings.format}/${settings.variant ?? ''}/${item.toolsKey}`;
      const group = groups.get(key);
      const planned = { suite, item, settings };
      if (group === undefined) groups.set(key, [planned]);
      else group.push(planned);
    }
  }
  return [...groups.values()].flat();
}

import { EngineError } from '../core/engine/types';
import type { CommandContext } from './commands';

/** globalState key: which kind of engine the user used last, to bring back on the next run. */
export const LAST_KIND_KEY = 'xlam.engine.lastKind';

/** Expected failures (a missing file, offline, refused) read best as one line; anything else keeps its stack. */
export function logFailure(ctx: Pick<CommandContext, 'log'>, what: string, error: unknown): void {
  if (error instanceof EngineError) ctx.log.error(`${what}: ${error.code}: ${error.message}`);
  else ctx.log.error(what, error);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

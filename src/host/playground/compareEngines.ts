import type { CommandContext } from '../commandContext';
import { openEndpointEngine, remoteModeOf } from '../endpointCommands';
import { openLocalEngine } from '../localModelCommands';
import { ColumnEnginePool } from './columnEnginePool';

/** Compare's engine pool for one playground, opening models and endpoints with the extension's own engine code. */
export function compareEngines(ctx: CommandContext): ColumnEnginePool {
  return new ColumnEnginePool({
    local: (path) => openLocalEngine(ctx, path),
    endpoint: (endpoint) => openEndpointEngine(ctx, endpoint),
    generateOnScope: (request) => ctx.engines.generate(request),
    modeOf: remoteModeOf,
    log: { info: (message) => ctx.log.info(message), warn: (message) => ctx.log.warn(message) },
  });
}

import { basename } from 'node:path';
import { EngineError, type Engine } from '../../core/engine/types';
import { InputError } from '../../core/errors';
import { FORMAT_IDS, VARIANTS } from '../../core/formats/types';
import { loadLocalEngine } from '../../server/loadLocalEngine';
import { startOpenAiServer, type OpenAiServer } from '../../server/openaiServer';
import { choiceOption, parseArgs, stringOption, UsageError } from '../args';
import type { CliIo } from '../io';
import { sequencesOption } from '../sequencesOption';

export const SERVE_HELP = `Usage: xlam-lab serve --model FILE [--port N] [--format FORMAT] [--variant NAME]
                      [--model-id ID] [--tool-parser xlam|tolerant]
                      [--parallel N|auto]

Serves a local GGUF as an OpenAI-compatible API on 127.0.0.1 (no
authentication, so loopback only), answering in vLLM's wire format:
  GET  /v1/models
  POST /v1/chat/completions   messages + tools, "stream" true or false;
                              output that parses into calls comes back as
                              tool_calls, as vLLM's "xlam" tool parser returns them
  POST /v1/completions        a raw prompt (when the engine supports it)
Requests run --parallel at a time (default 1), the rest wait in order.
Ctrl-C stops the server.

  --port         default 8000; 0 picks a free port
  --format       the prompt format chat requests are rendered in; default:
                 what the model file suggests
  --variant      see "xlam-lab render --help"
  --model-id     the id /v1/models lists (default: the file name)
  --tool-parser  xlam: exactly vLLM's parser (default for xlam2-*);
                 tolerant: ours, which also reads fc v1 / general v1 output
                 (default for those formats)
  --parallel     requests served at once with one model load: the context
                 gets N sequences, evaluated together in one batch (each has
                 the whole context size, so KV memory grows N times); "auto"
                 fits N (up to 4) to the context size and free memory
`;

/**
 * Runs until `until` settles (tests), else until SIGINT/SIGTERM. Prints one line with the base
 * URL once the server listens, so a script can wait for it.
 */
export async function runServe(argv: readonly string[], io: CliIo, until?: Promise<unknown>): Promise<number> {
  const args = parseArgs(argv, { values: ['model', 'port', 'format', 'variant', 'model-id', 'tool-parser', 'parallel'], flags: ['help'] });
  if (args.options.has('help')) {
    io.stdout(SERVE_HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const model = stringOption(args, 'model');
  if (model === undefined) throw new UsageError('--model is required');
  const portText = stringOption(args, 'port') ?? '8000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new UsageError(`--port must be 0..65535 (got "${portText}")`);
  const chosenFormat = choiceOption(args, 'format', FORMAT_IDS);
  const toolParser = choiceOption(args, 'tool-parser', ['xlam', 'tolerant'] as const);
  const parallel = sequencesOption(args, 'parallel');

  let engine: Engine | undefined;
  let server: OpenAiServer | undefined;
  try {
    io.stderr(`loading ${model}…\n`);
    const loaded = await loadLocalEngine(model, { ...(parallel !== undefined ? { sequences: parallel } : {}), log: (level, message) => level !== 'info' && io.stderr(`${level}: ${message}\n`) });
    engine = loaded.engine;
    const format = chosenFormat ?? loaded.proposedFormat;
    if (format === undefined) throw new UsageError('cannot tell which prompt format this model wants; pass --format');
    const variant = stringOption(args, 'variant');
    if (variant !== undefined && !VARIANTS[format].includes(variant)) throw new UsageError(`--variant must be one of ${VARIANTS[format].join(', ')} for ${format}`);
    const modelId = stringOption(args, 'model-id') ?? basename(model);
    server = await startOpenAiServer({
      engine,
      port,
      modelId,
      format,
      ...(variant !== undefined ? { variant } : {}),
      ...(toolParser !== undefined ? { toolParser } : {}),
      log: (line) => io.stderr(`${line}\n`),
    });
    const info = engine.info();
    io.stdout(`serving ${info.model} (${info.backend}) as "${modelId}" in ${format}${variant !== undefined ? `/${variant}` : ''} at ${server.baseURL}, ${server.parallel} request${server.parallel === 1 ? '' : 's'} at once\n`);
    await (until ?? untilSignal());
    return 0;
  } catch (error) {
    if (error instanceof EngineError) {
      io.stderr(`xlam-lab serve: ${error.code}: ${error.message}\n`);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new InputError(`cannot listen on 127.0.0.1:${port}: ${code === 'EADDRINUSE' ? 'the port is in use' : 'permission denied'}; choose another --port`);
    throw error;
  } finally {
    await server?.close();
    await engine?.dispose();
  }
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

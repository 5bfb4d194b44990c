import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../core/engine/types';
import type { FormatId } from '../core/formats/types';
import { JsonObject } from '../core/json/jsonValue';
import { handleChat, handleCompletion, httpErrorOf, type HandlerContext } from './handlers';
import { HttpError, sendError, sendJson } from './httpIo';
import { RunQueue } from './runQueue';
import type { ToolParserName } from './serverToolParser';
import { modelList } from './vllmWire';

export interface OpenAiServerOptions {
  engine: Engine;
  /** Loopback by default: the server has no authentication. */
  host?: string;
  /** 0 (default): any free port; read it back from `port`. */
  port?: number;
  /** The id `/v1/models` lists and requests may name. */
  modelId: string;
  /** The prompt format chat requests are rendered in. */
  format: FormatId;
  variant?: string;
  /** Default: `xlam` (vLLM's parser) for xLAM-2 formats, `tolerant` for the v1 ones it cannot read. */
  toolParser?: ToolParserName;
  /**
   * True (default): one generation at a time, the others wait in order, for engines with one
   * context sequence. False: requests go to the engine at once (it must cope with overlap).
   */
  singleSequence?: boolean;
  /**
   * With singleSequence on: how many generations run at once (the others wait in order). Default:
   * the engine's `info().parallel` (a local engine's context sequences), else 1.
   */
  parallel?: number;
  /** Reported as `max_model_len` by `/v1/models`. */
  maxModelLen?: number;
  /** One line per failed request, for the CLI's stderr or the extension's log. */
  log?: (line: string) => void;
}

export interface OpenAiServer {
  host: string;
  port: number;
  /** `http://host:port/v1`, what an OpenAI client takes as its base URL. */
  baseURL: string;
  /** Requests running or waiting for the engine. */
  readonly pending: number;
  /** Generations running at once, at most (see `parallel`). */
  readonly parallel: number;
  /** The most generations that were running at the same time so far. */
  readonly peakRunning: number;
  /** Stops listening, aborts running generations and drops open connections. */
  close(): Promise<void>;
}

const ROUTES: Record<string, string> = {
  '/v1/models': 'GET',
  '/v1/chat/completions': 'POST',
  '/v1/completions': 'POST',
  '/health': 'GET',
};

/** An OpenAI-compatible API over `engine`, answering in vLLM's wire format (see vllmWire.ts). */
export async function startOpenAiServer(options: OpenAiServerOptions): Promise<OpenAiServer> {
  const host = options.host ?? '127.0.0.1';
  const parallel = options.parallel ?? options.engine.info().parallel ?? 1;
  const queue = options.singleSequence === false ? undefined : new RunQueue(parallel);
  let inFlight = 0;
  let runningNow = 0;
  let peakRunning = 0;
  const counted = async <T>(task: () => Promise<T>): Promise<T> => {
    peakRunning = Math.max(peakRunning, ++runningNow);
    try {
      return await task();
    } finally {
      runningNow--;
    }
  };
  const ctx: HandlerContext = {
    engine: options.engine,
    modelId: options.modelId,
    format: options.format,
    variant: options.variant === '' ? undefined : options.variant,
    toolParser: options.toolParser ?? (options.format.startsWith('xlam2') ? 'xlam' : 'tolerant'),
    schedule: (task, signal) => (queue ? queue.run(() => counted(task), signal) : counted(task)),
  };

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = ROUTES[path];
    if (method === undefined) throw new HttpError(404, `no route ${req.method ?? ''} ${path}; this server has ${Object.keys(ROUTES).join(', ')}`, 'NotFoundError');
    if (req.method !== method) throw new HttpError(405, `${path} takes ${method}, not ${req.method ?? ''}`, 'MethodNotAllowed');
    if (path === '/health') return sendJson(res, 200, new JsonObject());
    if (path === '/v1/models') return sendJson(res, 200, modelList(options.modelId, options.maxModelLen));
    if (path === '/v1/chat/completions') return handleChat(ctx, req, res);
    return handleCompletion(ctx, req, res);
  }

  const server = createServer((req, res) => {
    inFlight++;
    res.on('close', () => inFlight--);
    route(req, res).catch((error: unknown) => {
      const http = httpErrorOf(error);
      if (http.status >= 500) options.log?.(`${req.method ?? ''} ${req.url ?? ''}: ${http.message}`);
      if (!res.destroyed) sendError(res, http);
    });
  });
  // Generations can take minutes; Node's default request timeout would cut long non-streaming ones.
  server.requestTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port,
    baseURL: `http://${urlHost}:${port}/v1`,
    get pending() {
      return inFlight;
    },
    parallel: queue?.width ?? Number.POSITIVE_INFINITY,
    get peakRunning() {
      return peakRunning;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Closing the sockets fires each response's 'close', which aborts its generation.
        server.closeAllConnections();
      }),
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import { JsonNumber, JsonObject } from '../core/json/jsonValue';
import { compactJson } from '../core/json/pyJsonDumps';

/** Request bodies past this are refused: tool lists are large, but not this large. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class HttpError extends Error {
  /** Close the connection after this answer (a client still sending more than we drain). */
  closeConnection = false;

  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
  ) {
    super(message);
  }
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, message, 'BadRequestError');
}

/**
 * A body over the limit is still read (and dropped) to its end, so the client, which is still
 * sending, gets its 413 instead of a reset connection. Past this much, it is cut off after the 413.
 */
const MAX_DRAIN_BYTES = 4 * MAX_BODY_BYTES;

/** The request body as text; 413 past MAX_BODY_BYTES, 400 when the client stops sending halfway. */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const tooLarge = (): HttpError => new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes (${size} or more sent); send fewer or smaller tools and messages`, 'BadRequestError');
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN_BYTES) {
        // Answer now and close the connection after the answer: draining has limits.
        const error = tooLarge();
        error.closeConnection = true;
        reject(error);
        req.pause();
        return;
      }
      if (size > MAX_BODY_BYTES) chunks.length = 0;
      else chunks.push(chunk);
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(tooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
    // A client that hangs up mid-body: nobody will read the answer, but the handler must end.
    req.on('close', () => {
      if (!req.complete) reject(badRequest(`the request body ended after ${size} bytes, before its end (the client closed the connection)`));
    });
  });
}

/**
 * Bodies are JSON: a declared content type that is not (text/plain, a form) is refused with 415,
 * as a client sending one has a bug worth seeing. No content type is read as JSON.
 */
export function checkJsonContentType(req: IncomingMessage): void {
  const type = req.headers['content-type'];
  if (type === undefined || type === '') return;
  const media = (type.split(';')[0] ?? '').trim().toLowerCase();
  if (media === 'application/json' || media.endsWith('+json')) return;
  throw new HttpError(415, `content-type "${type}" is not JSON: send the body as application/json`, 'UnsupportedMediaType');
}

/** JSON as Starlette's JSONResponse writes it: compact separators, non-ASCII unescaped. */
export function sendJson(res: ServerResponse, status: number, body: JsonObject): void {
  const text = compactJson(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** vLLM's ErrorResponse (0.10+): `{"error":{"message","type","param","code"}}`. */
export function errorBody(status: number, message: string, type: string): JsonObject {
  return new JsonObject([['error', new JsonObject([['message', message], ['type', type], ['param', null], ['code', JsonNumber.fromNumber(status)]])]]);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error.closeConnection) res.setHeader('connection', 'close');
  sendJson(res, error.status, errorBody(error.status, error.message, error.type));
}

/** Server-sent events in vLLM's framing: `data: <json>\n\n`, ending with `data: [DONE]\n\n`. */
export class SseWriter {
  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    // Headers now, as vLLM's StreamingResponse does, so clients see the stream open at once.
    res.flushHeaders();
  }

  get open(): boolean {
    return !this.res.destroyed && !this.res.writableEnded;
  }

  event(payload: JsonObject): void {
    if (this.open) this.res.write(`data: ${compactJson(payload)}\n\n`);
  }

  done(): void {
    if (!this.open) return;
    this.res.write('data: [DONE]\n\n');
    this.res.end();
  }
}

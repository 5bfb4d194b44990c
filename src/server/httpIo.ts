import type { IncomingMessage, ServerResponse } from 'node:http';
import { JsonNumber, JsonObject } from '../core/json/jsonValue';
import { compactJson } from '../core/json/pyJsonDumps';

/** Request bodies past this are refused: tool lists are large, but not this large. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class HttpError extends Error {
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

export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`, 'BadRequestError'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
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

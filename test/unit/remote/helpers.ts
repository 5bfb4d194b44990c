import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { EngineError, type GenerateRequest, type GenerateRequestCommon } from '../../../src/core/engine/types';
import type { FormatId } from '../../../src/core/formats/types';
import { parseToolsText } from '../../../src/core/loadInputs';
import { userMessage } from '../../../src/core/messages';

const ROOT = resolve(__dirname, '../../../..');

export function fixture(name: string): string {
  return readFileSync(join(ROOT, 'test/fixtures/vllm', name), 'utf8');
}

export const TOOLS_JSON = `[
  {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
    "parameters": {"type": "object", "properties": {"location": {"type": "string"}, "days": {"type": "integer", "default": 1.0}},
      "required": ["location"]}}},
  {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object", "properties": {"timezone": {"type": "string"}}}}}
]`;

export function request(query: string, format: FormatId = 'xlam2-llama', extra: Partial<GenerateRequestCommon> = {}): GenerateRequest {
  return { format, tools: parseToolsText(TOOLS_JSON), messages: [userMessage(query)], ...extra };
}

/** A bare node:http server on 127.0.0.1 for scripted answers and faults. */
export interface RawServer {
  baseURL: string;
  /** Requests received so far. */
  readonly hits: number;
  close(): Promise<void>;
}

export async function startRawServer(handler: (req: IncomingMessage, res: ServerResponse, hit: number) => void): Promise<RawServer> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    const hit = hits;
    // Drain the body first so handlers may answer, stall or drop as they please.
    req.resume();
    req.on('end', () => handler(req, res, hit));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    get hits() {
      return hits;
    },
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

/** A loopback port nothing listens on (bound, read, released). */
export async function closedPortURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return `http://127.0.0.1:${port}/v1`;
}

/** Sends an SSE body event by event, as a server generating tokens would. */
export async function writeEvents(res: ServerResponse, body: string, gapMs = 1): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8' });
  for (const event of body.split(/(?<=\n\n)/)) {
    if (res.destroyed) return;
    res.write(event);
    await new Promise((done) => setTimeout(done, gapMs));
  }
  res.end();
}

export function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

export async function rejectsWith(promise: Promise<unknown>, code: EngineError['code']): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    assert.equal(error.code, code, `expected ${code}, got ${error.code}: ${error.message}`);
    return error;
  }
  assert.fail(`expected an EngineError ${code}, but the promise resolved`);
}

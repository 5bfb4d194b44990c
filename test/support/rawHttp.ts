import { request as httpRequest, type Agent } from 'node:http';

/** A whole HTTP answer read as text. */
export interface RawAnswer {
  status: number;
  body: string;
}

/**
 * One request with exactly the bytes and headers given (no client library to fix them up: the
 * server's own checks of content type, length and body are what the bad-input tests exercise).
 */
export function rawRequest(url: string, body: string | Buffer, options: { headers?: Record<string, string>; method?: string; agent?: Agent } = {}): Promise<RawAnswer> {
  const headers = options.headers ?? { 'content-type': 'application/json' };
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'POST', agent: options.agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

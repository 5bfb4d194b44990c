import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, test } from 'node:test';
import { probeHealthz } from '../harness/codeServer';
import { GiveUp, waitFor } from '../harness/steps';

/**
 * The harness's waiting primitives against probes that never come back: the wait ends at its
 * deadline with a message naming what it waited for, instead of hanging the run.
 */
const servers: Server[] = [];
const sockets: Socket[] = [];
after(() => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
});

async function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    sockets.push(socket);
    onConnection(socket);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

test('waitFor ends at its deadline when a probe never settles, and aborts the probe', { timeout: 10_000 }, async () => {
  let signal: AbortSignal | undefined;
  await assert.rejects(
    waitFor('a probe that hangs', 300, (given) => {
      signal = given;
      return new Promise<boolean>(() => undefined);
    }),
    (error: Error) => {
      assert.match(error.message, /^timed out after 300 ms waiting for a probe that hangs \(the check in progress had not returned\)$/);
      return true;
    },
  );
  assert.equal(signal?.aborted, true, 'the hanging probe was told to stop');
});

test('waitFor gives up at once on GiveUp and keeps the last error otherwise', { timeout: 10_000 }, async () => {
  await assert.rejects(
    waitFor('something impossible', 60_000, () => {
      throw new GiveUp('it can no longer happen');
    }),
    { message: 'it can no longer happen' },
  );
  await assert.rejects(
    waitFor('a failing check', 200, () => {
      throw new Error('connection refused\n    at somewhere.js:1:1');
    }),
    { message: 'timed out after 200 ms waiting for a failing check (last error: connection refused)' },
  );
  assert.equal(await waitFor('a value', 1000, () => 42), 42);
});

test('a /healthz probe gives up on a listener that accepts and never answers', { timeout: 10_000 }, async () => {
  const port = await listen(() => undefined);
  assert.equal(await probeHealthz(`http://127.0.0.1:${port}`, 300), false);
});

test('a /healthz probe gives up on a listener that accepts and resets', { timeout: 10_000 }, async () => {
  const port = await listen((socket) => socket.resetAndDestroy());
  assert.equal(await probeHealthz(`http://127.0.0.1:${port}`, 300), false);
});

test('a /healthz probe says yes only to a 2xx answer', { timeout: 10_000 }, async () => {
  const ok = await listen((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}'));
  const notFound = await listen((socket) => socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n'));
  assert.equal(await probeHealthz(`http://127.0.0.1:${ok}`, 2000), true);
  assert.equal(await probeHealthz(`http://127.0.0.1:${notFound}`, 2000), false);
});

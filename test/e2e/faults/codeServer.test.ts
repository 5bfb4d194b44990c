import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { awaitReady, ensureCodeServer, installVsix, launchCodeServer, makeProfile, startCodeServer } from '../harness/codeServer';
import { spawnGroup } from '../harness/processes';
import { StepError } from '../harness/steps';
import { assertNothingLeft, assertOneLine, groupsSoFar } from './leftovers';

/**
 * code-server's setup steps when the machine is against them: a port someone else holds (a
 * listener that accepts and resets, one that never answers, another HTTP server answering
 * /healthz), a corrupt VSIX, a code-server that cannot start. Each ends with one line naming
 * the step, in bounded time (each test's timeout), and leaves no process behind.
 */
const TIMEOUT = { timeout: 60_000 };
let entry = '';
let work = '';
const servers: (Server | ReturnType<typeof createHttpServer>)[] = [];
const sockets: Socket[] = [];

before(async () => {
  entry = (await ensureCodeServer()).entry;
  work = mkdtempSync(join(tmpdir(), 'xlam-e2e-faults-'));
});
after(() => {
  for (const socket of sockets) socket.destroy();
  for (const server of servers) server.close();
  rmSync(work, { recursive: true, force: true });
});

type Squatter = 'resets' | 'never answers' | 'answers /healthz';

/** Something else on a port of 127.0.0.1, behaving as `kind` says. */
async function squat(kind: Squatter): Promise<number> {
  const server =
    kind === 'answers /healthz'
      ? createHttpServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"alive","lastHeartbeat":0}'))
      : createServer((socket) => {
          sockets.push(socket);
          if (kind === 'resets') socket.resetAndDestroy();
        });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}

let profiles = 0;
const profile = () => makeProfile(join(work, `profile-${++profiles}`));

function stepError(step: RegExp | string, detail: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof StepError, `a StepError, got ${String(error)}`);
    if (typeof step === 'string') assert.equal(error.step, step);
    else assert.match(error.step, step);
    assertOneLine(error.message);
    assert.match(error.message, detail);
    return true;
  };
}

for (const kind of ['resets', 'never answers', 'answers /healthz'] as const) {
  test(`startCodeServer on a port held by a listener that ${kind} fails at once, naming the port`, TIMEOUT, async () => {
    const port = await squat(kind);
    const since = groupsSoFar();
    await assert.rejects(startCodeServer(entry, profile(), { port }), stepError('starting code-server', new RegExp(`^starting code-server failed: port ${port} on 127\\.0\\.0\\.1 is already in use`)));
    assertNothingLeft(since);
  });

  test(`a code-server that finds its port taken (a listener that ${kind}) is reported as such, not as ready`, TIMEOUT, async () => {
    // launchCodeServer skips the port check, as when another process takes a free port in between.
    const port = await squat(kind);
    const since = groupsSoFar();
    await assert.rejects(launchCodeServer(entry, profile(), port), (error: Error) => {
      assertOneLine(error.message);
      assert.match(error.message, new RegExp(`^code-server exited \\(1\\) before it was ready: .*EADDRINUSE.*127\\.0\\.0\\.1:${port}`));
      return true;
    });
    assertNothingLeft(since);
  });
}

test('a /healthz answer from another server does not make a silent child "ready"', TIMEOUT, async () => {
  const port = await squat('answers /healthz');
  const since = groupsSoFar();
  // A child that stays alive and never says it listens: the foreign /healthz must not count.
  const child = spawnGroup(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  try {
    await assert.rejects(awaitReady(child, port, 1500), { message: `timed out after 1500 ms waiting for code-server to listen on http://127.0.0.1:${port} and answer /healthz` });
  } finally {
    await child.stop();
  }
  assertNothingLeft(since);
});

test('a code-server that cannot start (a corrupt config file) fails with its own error on one line', TIMEOUT, async () => {
  const broken = profile();
  writeFileSync(broken.configFile, 'bind-addr: [\n');
  const since = groupsSoFar();
  await assert.rejects(startCodeServer(entry, broken), stepError('starting code-server', /^starting code-server failed: code-server exited \(1\) before it was ready: .*unexpected end of the stream/));
  assertNothingLeft(since);
});

test('a corrupt VSIX fails the install step with the reason on one line and no stack trace', TIMEOUT, async () => {
  const vsix = join(work, 'corrupt.vsix');
  writeFileSync(vsix, Buffer.from('PK\u0003\u0004 this is not really a zip archive'));
  const since = groupsSoFar();
  await assert.rejects(
    installVsix(entry, profile(), vsix),
    (error: unknown) => {
      stepError(`installing the VSIX ${vsix}`, /not a zip file|central directory/i)(error);
      assert.ok(error instanceof StepError && error.detail?.includes('    at '), 'the full output, stack included, stays in the detail');
      return true;
    },
  );
  assertNothingLeft(since);
});

/*
 * Compare's scheduler. Columns that share a lane run one after another in column order (a local
 * model generates one sequence at a time: a queue behind it would only hide the wait); lanes run
 * side by side (two models, or endpoints, which serve requests at once). Pure: unit-tested.
 */

/** The engine a column runs on, as far as scheduling cares. */
export type LaneEngine = { kind: 'local'; path: string } | { kind: 'remote' };

/** Columns on the same local model share a lane; every endpoint column has a lane of its own. */
export function laneKey(engine: LaneEngine, column: number): string {
  return engine.kind === 'local' ? `local:${engine.path}` : `remote:${column}`;
}

/** The columns of each lane, in column order; lanes in the order of their first column. */
export function lanesOf(keys: readonly string[]): number[][] {
  const lanes = new Map<string, number[]>();
  keys.forEach((key, column) => {
    const lane = lanes.get(key);
    if (lane === undefined) lanes.set(key, [column]);
    else lane.push(column);
  });
  return [...lanes.values()];
}

/**
 * `work`'s result, or `cancelled` as soon as `signal` aborts, whichever comes first. For what
 * cannot itself be stopped (a model still loading): the column stops waiting at Cancel, the
 * work goes on and its result is kept by whoever else holds the promise (the engine pool).
 */
export function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | 'cancelled'> {
  if (signal.aborted) return Promise.resolve('cancelled');
  return new Promise<T | 'cancelled'>((resolve, reject) => {
    const onAbort = (): void => resolve('cancelled');
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error); // eslint-disable-line @typescript-eslint/prefer-promise-reject-errors -- the work's own reason, passed through as it is
      },
    );
  });
}

export type LaneOutcome<T> = { status: 'done'; value: T } | { status: 'failed'; error: unknown } | { status: 'cancelled' };

/**
 * Runs every column: each lane's one after another, all lanes at once. A column that throws fails
 * alone (its lane goes on); once `signal` aborts, columns not yet started are not started.
 * Outcomes come back in column order, whatever finished first.
 */
export async function runLanes<T>(keys: readonly string[], runOne: (column: number) => Promise<T>, signal?: AbortSignal): Promise<Array<LaneOutcome<T>>> {
  const outcomes: Array<LaneOutcome<T>> = keys.map(() => ({ status: 'cancelled' }));
  await Promise.all(
    lanesOf(keys).map(async (lane) => {
      for (const column of lane) {
        if (signal?.aborted === true) continue;
        try {
          outcomes[column] = { status: 'done', value: await runOne(column) };
        } catch (error) {
          outcomes[column] = { status: 'failed', error };
        }
      }
    }),
  );
  return outcomes;
}

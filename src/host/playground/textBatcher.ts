/** Streamed text is posted to the webview in batches, not a message a token. */
export const BATCH_MS = 50;

export interface TextBatcher<K> {
  append(key: K, chunk: string): void;
  /** Sends what is pending now (before a step's or a run's end is posted). */
  flush(): void;
}

/**
 * Collects chunks and sends them at most every BATCH_MS. `key` names where the text goes (a run's
 * step, a compare column): a chunk for another key first sends what is pending for the last one.
 */
export function textBatcher<K>(send: (key: K, text: string) => void): TextBatcher<K> {
  let pending = '';
  let pendingKey: K | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (pending !== '' && pendingKey !== undefined) send(pendingKey, pending);
    pending = '';
  };
  return {
    append: (key, chunk) => {
      if (pendingKey !== undefined && key !== pendingKey) flush();
      pendingKey = key;
      pending += chunk;
      timer ??= setTimeout(flush, BATCH_MS);
    },
    flush,
  };
}

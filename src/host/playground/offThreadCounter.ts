/**
 * Token counts of big prompts, counted in a worker thread (tokenCountWorker.ts) so the extension
 * host is never held by a tokenizer. One count runs at a time; a newer request replaces the one
 * waiting behind it (that one resolves `undefined`: stale), so typing into a big file never builds
 * a backlog. The worker starts on first use and ends with the editor provider.
 */
import { Worker } from 'node:worker_threads';
import type { CountReply, CountRequest } from './tokenCountProtocol';

export interface OffThreadCounts {
  blocks: number[];
  total: number;
}

interface Job {
  request: CountRequest;
  owner: object;
  resolve(counts: OffThreadCounts | undefined): void;
  reject(error: Error): void;
}

export class OffThreadCounter {
  private worker: Worker | undefined;
  private running: Job | undefined;
  private waiting: Job | undefined;
  private nextId = 1;
  private disposed = false;

  constructor(
    private readonly workerPath: string,
    private readonly onWorkerError: (message: string) => void,
  ) {}

  /** Counts `blocks` with the vocabulary of `modelPath`; undefined when a newer request replaced this one. */
  count(modelPath: string, blocks: string[], owner: object): Promise<OffThreadCounts | undefined> {
    if (this.disposed) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.waiting?.resolve(undefined);
      this.waiting = { request: { id: this.nextId++, modelPath, blocks }, owner, resolve, reject };
      this.pump();
    });
  }

  /** Drops `owner`'s counts (its editor closed): a count in progress stops at once (the worker is ended; the next count starts another). */
  forget(owner: object): void {
    if (this.waiting?.owner === owner) {
      this.waiting.resolve(undefined);
      this.waiting = undefined;
    }
    const running = this.running;
    if (running?.owner !== owner) return;
    this.running = undefined;
    running.resolve(undefined);
    this.endWorker();
    this.pump();
  }

  /** Ends the worker on purpose: its exit is not reported (lost() only sees the current worker). */
  private endWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }

  private pump(): void {
    if (this.running !== undefined || this.waiting === undefined) return;
    const job = this.waiting;
    this.waiting = undefined;
    this.running = job;
    this.start().postMessage(job.request);
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(this.workerPath);
    worker.on('message', (reply: CountReply) => {
      const job = this.running;
      if (job === undefined || job.request.id !== reply.id) return;
      this.running = undefined;
      if (reply.ok) job.resolve({ blocks: reply.blocks, total: reply.total });
      else job.reject(new Error(reply.message));
      this.pump();
    });
    // A crashed worker fails the count in hand; the next count starts a new one.
    worker.on('error', (error) => this.lost(worker, error.message));
    worker.on('exit', (code) => this.lost(worker, `the token-count worker exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private lost(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    const job = this.running;
    this.running = undefined;
    if (!this.disposed) this.onWorkerError(message);
    job?.reject(new Error(message));
    if (!this.disposed) this.pump();
  }

  dispose(): void {
    this.disposed = true;
    this.waiting?.resolve(undefined);
    this.running?.resolve(undefined);
    this.waiting = undefined;
    this.running = undefined;
    this.endWorker();
  }
}

/**
 * One worker loop over one queue: fetch a job, run it, fetch the next at once; when the queue is
 * empty, sleep for the polling interval or until woken (a job was queued in this process).
 *
 * pg-boss 10's own `work()` is not used: it waits a full polling interval after every job (one job
 * per interval per worker), and completes jobs without awaiting, so a database error at that moment
 * is an unhandled rejection. Here fetching and completing are awaited, errors are reported, and
 * `stop()` lets the running job finish.
 */

export interface FetchedJob {
  readonly id: string;
  readonly name: string;
  readonly data: unknown;
  readonly retryCount: number;
  readonly createdOn: unknown;
}

export interface QueueWorkerOptions {
  readonly queue: string;
  readonly pollMs: number;
  /** One job or none (pg-boss `fetch`, which reports no error: it answers none). */
  fetch(): Promise<FetchedJob | null>;
  /** Runs the job and records its outcome; never throws. */
  handle(job: FetchedJob): Promise<void>;
  onError(error: unknown): void;
}

export class QueueWorker {
  readonly #options: QueueWorkerOptions;
  #stopping = false;
  #woken = false;
  #wakeSleeper: (() => void) | null = null;
  #loop: Promise<void> | null = null;
  #current: FetchedJob | null = null;

  constructor(options: QueueWorkerOptions) {
    this.#options = options;
  }

  get queue(): string {
    return this.#options.queue;
  }

  /** The job being run now, if any. */
  get current(): FetchedJob | null {
    return this.#current;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Fetch again now (after a job was queued); a wake during a fetch makes the loop fetch once more. */
  wake(): void {
    this.#woken = true;
    this.#wakeSleeper?.();
  }

  /** Stop fetching; resolves when the job being run (if any) has finished. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wakeSleeper?.();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      this.#woken = false;
      const job = await this.#fetch();
      if (job) {
        // Fetched means active in pg-boss: it is run even when stop() came meanwhile.
        this.#current = job;
        await this.#options.handle(job);
        this.#current = null;
      } else if (!this.#woken && !this.#stopping) await this.#sleep();
    }
  }

  async #fetch(): Promise<FetchedJob | null> {
    try {
      return await this.#options.fetch();
    } catch (error) {
      this.#options.onError(error);
      return null;
    }
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wakeSleeper = null;
        resolve();
      };
      const timer = setTimeout(done, this.#options.pollMs);
      this.#wakeSleeper = done;
    });
  }
}

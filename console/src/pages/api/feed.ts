/**
 * Values pushed as they come, read as an async iterator: what the API page's fetcher returns for a subscription.
 *
 * Not an async generator, because GraphiQL stops an operation by calling `return()` while its `for await` still waits
 * for the next value, and a generator queues that call behind the wait: a quiet subscription would never stop.
 * Here `return()` ends the feed at once, answering the waiting read with `done`, and calls `onReturn`.
 */
export class Feed<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;

  constructor(private readonly onReturn: () => void) {}

  /** Delivers a value, to the waiting read or the next one; nothing once the feed has ended. */
  push(value: T): void {
    if (this.ended) return;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting({ value, done: false });
    else this.values.push(value);
  }

  /** No more values: reads get what was pushed before, then `done`. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.values.length > 0) return Promise.resolve({ value: this.values.shift() as T, done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => { this.waiting = resolve; });
  }

  /** The reader stops: values not read yet are dropped. */
  return(): Promise<IteratorResult<T>> {
    const wasOpen = !this.ended;
    this.values.length = 0;
    this.end();
    if (wasOpen) this.onReturn();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

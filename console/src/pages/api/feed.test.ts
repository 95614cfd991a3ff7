import { describe, expect, it } from 'vitest';
import { Feed } from './feed';

describe('the feed of a subscription', () => {
  it('gives the values pushed, in order, to reads before and after them, then done once ended', async () => {
    const feed = new Feed<number>(() => {});
    const first = feed.next();
    feed.push(1);
    feed.push(2);
    feed.end();
    feed.push(3);
    expect(await first).toEqual({ value: 1, done: false });
    expect(await feed.next()).toEqual({ value: 2, done: false });
    expect(await feed.next()).toEqual({ done: true, value: undefined });
  });

  it('stops at once when the reader returns while it waits for a value, and says so once', async () => {
    let stopped = 0;
    const feed = new Feed<number>(() => { stopped += 1; });
    const values: number[] = [];
    const reading = (async () => {
      for await (const value of feed) values.push(value);
    })();
    feed.push(1);
    await Promise.resolve();
    // GraphiQL's stop: it asks the iterable for its iterator again and returns that.
    await feed[Symbol.asyncIterator]().return();
    await reading;
    await feed.return();
    expect(values).toEqual([1]);
    expect(stopped).toBe(1);
  });

  it('does not call back when the reader returns after the subscription ended by itself', async () => {
    let stopped = 0;
    const feed = new Feed<number>(() => { stopped += 1; });
    feed.end();
    await feed.return();
    expect(stopped).toBe(0);
  });
});

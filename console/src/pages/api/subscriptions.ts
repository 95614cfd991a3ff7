// Subscriptions of the API page: over the engine's WebSocket on /v1/graphql (graphql-transport-ws, the graphql-ws
// client), while queries and mutations stay on HTTP.
import { getOperationAST, parse, type DocumentNode } from 'graphql';
import { createClient, type Client, type SubscribePayload } from 'graphql-ws';
import { Feed } from './feed';

export type Headers = Record<string, string>;

/** One answer of a subscription, as GraphiQL shows it. */
export interface SubscriptionResult {
  data?: unknown;
  errors?: readonly { message: string }[];
}

/** Whether the operation GraphiQL runs is a subscription; one that does not parse goes to HTTP, which says why. */
export function isSubscription(query: string, operationName?: string | null, document?: DocumentNode): boolean {
  try {
    return getOperationAST(document ?? parse(query), operationName ?? undefined)?.operation === 'subscription';
  } catch {
    return false;
  }
}

/** The engine's GraphQL WebSocket beside the page: `ws://<host>/v1/graphql`, or `wss://` under https. */
export function socketUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/v1/graphql`;
}

/**
 * The headers of an HTTP request as `connection_init` carries them: all but the body's content type, with names in
 * lower case so that a header typed twice in different cases is sent once.
 */
export function socketHeaders(headers: Record<string, unknown>): Headers {
  const kept: Headers = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() !== 'content-type' && value !== undefined && value !== null) kept[name.toLowerCase()] = String(value);
  }
  return kept;
}

/** What a subscription that failed shows: the engine's errors, or why the socket closed. */
export function failure(error: unknown): SubscriptionResult {
  if (Array.isArray(error)) return { errors: error as { message: string }[] };
  if (typeof error === 'object' && error !== null && 'code' in error && 'reason' in error) {
    const { code, reason } = error as { code: number; reason: string };
    // The engine's reasons start with their code, as Hasura's do ("4403: Forbidden").
    const said = reason.startsWith(`${code}`) ? reason : reason ? `${code}: ${reason}` : `${code}`;
    return { errors: [{ message: `The WebSocket closed (${said}).` }] };
  }
  return { errors: [{ message: error instanceof Error ? error.message : String(error) }] };
}

/** A header set's identity: the same headers in any order share a socket. */
function keyOf(headers: Headers): string {
  return JSON.stringify(Object.entries(headers).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

interface Running {
  readonly payload: SubscribePayload;
  /** The headers as they are now: the role bar's and the headers editor's. */
  readonly headers: () => Headers;
  readonly feed: Feed<SubscriptionResult>;
  /** The headers it runs with now. */
  key: string;
  /** Stops it on its socket without ending its feed. */
  stop: () => void;
}

/**
 * The running subscriptions, over one socket per set of headers. The headers authenticate the socket once, in
 * `connection_init`'s payload (`{"headers": {...}}`, as Hasura reads it), so a subscription whose headers changed
 * (another role) is sent again over a socket of its own, and its results go on in the same feed. Sockets are lazy:
 * open while a subscription uses them. Failures are not retried; they show in the result pane.
 */
export class Subscriptions {
  private readonly clients = new Map<string, Client>();
  private readonly running = new Set<Running>();

  constructor(private readonly url: string) {}

  /** Starts a subscription; its results come from the returned iterator, whose `return()` stops it. */
  subscribe(payload: SubscribePayload, headers: () => Headers): AsyncIterableIterator<SubscriptionResult> {
    const run: Running = { payload, headers, key: '', stop: () => {}, feed: new Feed(() => this.end(run)) };
    this.running.add(run);
    this.start(run);
    return run.feed;
  }

  /** Sends each running subscription whose headers changed again, over a socket with its new headers. */
  restart(): void {
    for (const run of this.running) {
      if (keyOf(run.headers()) !== run.key) {
        run.stop();
        this.start(run);
      }
    }
    this.release();
  }

  /** Ends every subscription and closes every socket: the page goes away. */
  close(): void {
    for (const run of this.running) {
      run.stop();
      run.feed.end();
    }
    this.running.clear();
    this.release();
  }

  private start(run: Running): void {
    const headers = run.headers();
    run.key = keyOf(headers);
    let live = true;
    const finish = (last?: SubscriptionResult) => {
      if (!live) return;
      live = false;
      if (last) run.feed.push(last);
      run.feed.end();
      this.running.delete(run);
      this.release();
    };
    const dispose = this.client(run.key, headers).subscribe<unknown>(run.payload, {
      next: (result) => {
        if (live) run.feed.push(result as SubscriptionResult);
      },
      error: (error) => finish(failure(error)),
      complete: () => finish(),
    });
    run.stop = () => {
      live = false;
      dispose();
    };
  }

  private end(run: Running): void {
    run.stop();
    this.running.delete(run);
    this.release();
  }

  private client(key: string, headers: Headers): Client {
    let client = this.clients.get(key);
    if (!client) {
      client = createClient({ url: this.url, connectionParams: { headers }, retryAttempts: 0 });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Disposes of the clients no running subscription uses, closing their sockets. */
  private release(): void {
    const used = new Set([...this.running].map((run) => run.key));
    for (const [key, client] of this.clients) {
      if (!used.has(key)) {
        this.clients.delete(key);
        void client.dispose();
      }
    }
  }
}

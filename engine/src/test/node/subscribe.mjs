// Subscribes to a running engine with the graphql-ws client, as apps do: takes the socket's URL and a JSON object of
// connection_init headers; subscribes to the notes, inserts one over the same socket, waits until the subscription
// shows it, then completes the subscription and closes the client. Prints one JSON line per step and exits 1 if any
// step fails or the whole takes longer than 20 s.
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, headers] = process.argv.slice(2);
const BODY = `from graphql-ws ${process.pid}`;
const step = (name, detail) => console.log(JSON.stringify({ step: name, ...detail }));
const fail = (why) => {
  step('failed', { error: String(why && why.message ? why.message : JSON.stringify(why)) });
  process.exit(1);
};
setTimeout(() => fail('timed out after 20 s'), 20_000).unref();

const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { headers: JSON.parse(headers) },
  retryAttempts: 0,
  on: { connected: () => step('connected', {}), closed: (event) => step('closed', { code: event.code }) },
});

/** The one result of a query or mutation. */
const once = (payload) =>
  new Promise((resolve, reject) => {
    let result;
    client.subscribe(payload, {
      next: (value) => (result = value),
      error: reject,
      complete: () => resolve(result),
    });
  });

try {
  const notes = client.iterate({ query: 'subscription { note(order_by: {id: asc}) { body } }' });
  const first = await notes.next();
  step('first', { result: first.value });
  if (!Array.isArray(first.value?.data?.note)) {
    fail(first.value);
  }
  const inserted = await once({
    query: 'mutation ($body: String!) { insert_note_one(object: {body: $body}) { body } }',
    variables: { body: BODY },
  });
  step('inserted', { result: inserted });
  for (;;) {
    const next = await notes.next();
    if (next.done || next.value.errors) {
      fail(next.done ? 'the subscription ended before the insert showed' : next.value);
    }
    step('next', { result: next.value });
    if (next.value.data.note.some((n) => n.body === BODY)) {
      break;
    }
  }
  // Returning the iterator sends complete for the subscription; dispose closes the socket.
  await notes.return();
  step('completed', {});
  await client.dispose();
  step('done', {});
} catch (e) {
  fail(e);
}

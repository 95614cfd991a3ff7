// Subscriptions on the API page: GraphiQL subscribes over the engine's WebSocket with the role bar's headers in
// connection_init, a row inserted over HTTP appears in the result pane, another role sends the subscription again
// over a socket of its own with that role's headers, and Stop completes it.
import { openApi, typeOperation } from './65-api.mjs';

const SUBSCRIPTION = 'subscription Notes { console_note(order_by: {note_id: asc}) { note_id author_id body } }';

export default async function subscriptions(t) {
  const { page, url, secret, shot, check, sql, metadata, graphql } = t;
  await sql(`CREATE TABLE console_note (note_id serial PRIMARY KEY, author_id int NOT NULL, body text NOT NULL);
    INSERT INTO console_note (author_id, body) VALUES (1, 'first of author 1'), (2, 'first of author 2')`);
  await metadata('pg_track_table', { source: 'default', table: { schema: 'public', name: 'console_note' } });
  await metadata('pg_create_select_permission', { source: 'default', table: { schema: 'public', name: 'console_note' },
    role: 'user', permission: { columns: ['note_id', 'author_id', 'body'], filter: { author_id: { _eq: 'X-Hasura-User-Id' } } } });

  // Every socket the page opens, with the messages it sends.
  const sockets = [];
  page.on('websocket', (socket) => {
    const seen = { socket, sent: [] };
    sockets.push(seen);
    socket.on('framesent', (frame) => seen.sent.push(JSON.parse(frame.payload)));
  });
  const init = (seen) => seen.sent.find((m) => m.type === 'connection_init')?.payload?.headers ?? {};
  const until = async (condition, what) => {
    for (const started = Date.now(); Date.now() - started < 10000; await page.waitForTimeout(100)) {
      if (condition()) return;
    }
    throw new Error(`waited 10 s for ${what}: ${JSON.stringify(sockets.map((s) => s.sent))}`);
  };

  const editor = await openApi(t, 'admin');
  await typeOperation(page, editor, SUBSCRIPTION, 'Notes');
  await page.getByRole('button', { name: /Execute query/ }).click();

  const result = page.locator('.graphiql-response');
  await result.getByText('first of author 1').waitFor();
  await until(() => sockets.length === 1 && sockets[0].sent.some((m) => m.type === 'subscribe'), 'the subscription');
  const admin = sockets[0];
  check(admin.socket.url() === url.replace(/^http/, 'ws') + '/v1/graphql', `the socket is the engine's: ${admin.socket.url()}`);
  check(init(admin)['x-hasura-admin-secret'] === secret && init(admin)['x-hasura-user-id'] === '2'
    && !('x-hasura-role' in init(admin)) && !('content-type' in init(admin)),
  `connection_init carries the headers an HTTP request sends: ${JSON.stringify(init(admin))}`);
  check(admin.sent.find((m) => m.type === 'subscribe').payload.query.includes('console_note'), 'the socket runs the subscription');

  const inserted = await graphql('mutation { insert_console_note_one(object: {author_id: 2, body: "inserted over HTTP"}) { note_id } }');
  check(!inserted.errors, `the insert over HTTP: ${JSON.stringify(inserted)}`);
  await result.getByText('inserted over HTTP').waitFor({ timeout: 10000 });
  check(await page.getByRole('button', { name: /Stop query/ }).count() === 1, 'the subscription is still running');
  await shot('new-row-streams-in');

  // As user 2: the running subscription goes on over a new socket, and shows only what user 2 may read.
  await page.getByRole('combobox', { name: 'Role' }).selectOption('user');
  await until(() => sockets.length === 2 && sockets[1].sent.some((m) => m.type === 'subscribe'), 'the socket of user');
  const user = sockets[1];
  check(init(user)['x-hasura-role'] === 'user' && init(user)['x-hasura-user-id'] === '2'
    && init(user)['x-hasura-admin-secret'] === secret, `connection_init of user: ${JSON.stringify(init(user))}`);
  await result.getByText('first of author 1').waitFor({ state: 'detached' });
  await result.getByText('inserted over HTTP').waitFor();
  await until(() => admin.socket.isClosed(), 'the admin socket to close');
  check(admin.sent.some((m) => m.type === 'complete'), 'the admin socket completed its subscription');
  await shot('as-user');

  // Stop: the subscription completes and its socket closes; later rows no longer come.
  await page.getByRole('button', { name: /Stop query/ }).click();
  await until(() => user.sent.some((m) => m.type === 'complete') && user.socket.isClosed(), 'the subscription to complete');
  await page.getByRole('button', { name: /Execute query/ }).waitFor();
  await graphql('mutation { insert_console_note_one(object: {author_id: 2, body: "after the stop"}) { note_id } }');
  await page.waitForTimeout(2000);
  check(await result.getByText('after the stop').count() === 0, 'a stopped subscription shows no new rows');
  check(sockets.length === 2, `no socket opened after the stop: ${sockets.length}`);
  await shot('stopped');

  // A subscription the engine refuses (user may not read albums): its error shows, and nothing keeps running.
  await typeOperation(page, editor, 'subscription Albums { album { title } }', 'Albums');
  await page.getByRole('button', { name: /Execute query/ }).click();
  await result.getByText('validation-failed').waitFor();
  // The result pane wraps long lines and shows spaces as no-break spaces.
  const refused = (await result.innerText()).replace(/\s+/g, ' ');
  check(refused.includes('album') && refused.includes("not found in type: 'subscription_root'"),
    `the engine's error shows: ${refused}`);
  await page.getByRole('button', { name: /Execute query/ }).waitFor();
  await until(() => sockets.length === 3 && sockets[2].socket.isClosed(), 'the refused subscription\'s socket to close');
  await shot('refused');
  await page.getByRole('combobox', { name: 'Role' }).selectOption('admin');
}

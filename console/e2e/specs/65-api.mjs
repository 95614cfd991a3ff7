// The API page: GraphiQL as role `user` with X-Hasura-User-Id = 2 sees only that customer's invoices (the select
// permission of 60-permissions), and Analyze shows the statement with the permission's filter, and its plan.
import { signInIfAsked } from './60-permissions.mjs';

const QUERY = 'query Invoices { invoice(order_by: {invoice_id: asc}) { invoice_id customer_id total } }';

/** Opens the API page as `role`, with X-Hasura-User-Id = 2; returns GraphiQL's query editor. */
export async function openApi({ page, url, secret }, role) {
  await page.goto(url + '/console/api');
  await signInIfAsked(page, secret);
  const editor = page.locator('.graphiql-query-editor .monaco-editor').first();
  await editor.waitFor({ timeout: 30000 });
  await page.getByRole('combobox', { name: 'Role' }).selectOption(role);
  await page.getByLabel('Session variable 1 name').fill('X-Hasura-User-Id');
  await page.getByLabel('Session variable 1 value').fill('2');
  return editor;
}

/**
 * Replaces the editor's text with `operation`, on one line so that the editor's bracket completion has nothing to
 * add, and waits until GraphiQL has read it: the tab then bears the operation's `name`, which a run sends.
 */
export async function typeOperation(page, editor, operation, name) {
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(operation);
  await page.locator('.graphiql-tab').getByText(name, { exact: true }).waitFor();
}

export default async function api(t) {
  const { page, shot, check, sql, secret } = t;
  const editor = await openApi(t, 'user');
  await typeOperation(page, editor, QUERY, 'Invoices');

  const answered = page.waitForResponse((r) => r.url().endsWith('/v1/graphql')
    && (r.request().postData() ?? '').includes('Invoices'));
  await page.getByRole('button', { name: /Execute query/ }).click();
  const response = await answered;
  const headers = response.request().headers();
  check(headers['x-hasura-role'] === 'user', `the request runs as user: ${JSON.stringify(headers)}`);
  check(headers['x-hasura-user-id'] === '2', 'the request carries the session variable');
  check(headers['x-hasura-admin-secret'] === secret, 'the admin secret goes along');
  const body = await response.json();
  const invoices = body.data?.invoice ?? [];
  const expected = (await sql('SELECT count(*) FROM invoice WHERE customer_id = 2')).result[1][0];
  check(invoices.length === Number(expected) && invoices.every((i) => i.customer_id === 2),
    `user 2 sees only its ${expected} invoices: ${JSON.stringify(body).slice(0, 300)}`);
  await page.locator('.graphiql-response').getByText('"invoice_id"').first().waitFor();
  await shot('query-as-user');

  // The explorer reads the role's own schema: user may read invoices and nothing else.
  await page.getByRole('button', { name: 'Show GraphiQL Explorer' }).click();
  const explorer = page.locator('.graphiql-plugin');
  await explorer.getByText('invoice_by_pk', { exact: true }).waitFor();
  check(await explorer.getByText('album', { exact: true }).count() === 0, 'the explorer shows only what user may read');
  await shot('explorer-as-user');
  await page.getByRole('button', { name: 'Show History' }).click();
  await page.locator('.graphiql-plugin').getByText('Invoices').first().waitFor();

  await page.getByRole('button', { name: 'Analyze' }).click();
  const dialog = page.getByRole('dialog', { name: 'Analyze, as user' });
  const statement = dialog.getByLabel('SQL of invoice');
  await statement.waitFor();
  const text = await statement.innerText();
  check(text.includes('"customer_id"') && text.includes('FROM "public"."invoice"'),
    `Analyze shows the statement with the permission's filter: ${text}`);
  const plan = await dialog.getByLabel('Plan of invoice', { exact: true }).last().innerText();
  // The session variable is read once per statement, by an InitPlan that the filter compares with.
  check(plan.includes('InitPlan') && /customer_id = \$\d/.test(plan), `the plan reads user 2's session once: ${plan}`);
  await shot('analyze');
  await dialog.getByRole('button', { name: 'Close' }).last().click();
}

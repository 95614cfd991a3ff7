// Permissions: a select permission for role `user` on invoice whose row filter reads X-Hasura-User-Id, built with
// the filter builder; then an insert permission the engine refuses, with its error shown beside the row check.
export default async function permissions({ page, url, secret, shot, check, metadata }) {
  await ensureInvoiceTracked(metadata);
  await page.goto(url + '/console/permissions');
  await signInIfAsked(page, secret);
  await page.getByRole('table', { name: 'Permissions summary' }).waitFor();
  await shot('summary');

  await page.getByRole('link', { name: 'public.invoice', exact: true }).click();
  await page.getByRole('table', { name: 'Permissions of public.invoice' }).waitFor();
  await page.getByRole('textbox', { name: 'New role' }).fill('user');
  await page.getByRole('textbox', { name: 'New role' }).press('Enter');
  await page.getByText('Role user · select').waitFor();

  // Row select permissions: with custom check, customer_id _eq X-Hasura-User-Id.
  const rows = page.getByRole('region', { name: 'Row select permissions' });
  await rows.getByText('With custom check').click();
  await rows.getByLabel('Add a condition').selectOption({ label: 'customer_id (int4)' });
  await rows.getByLabel('customer_id _eq value').fill('X-Hasura-User-Id');
  await rows.getByText('{"customer_id":{"_eq":"X-Hasura-User-Id"}}').waitFor();

  const columns = page.getByRole('region', { name: 'Column select permissions' });
  await columns.getByRole('button', { name: 'Toggle all' }).click();
  check(await columns.getByRole('checkbox').count() === 9, 'invoice has nine columns to choose from');
  await page.getByRole('spinbutton', { name: 'Row limit' }).fill('100');
  await shot('select-editor');

  await page.getByRole('button', { name: 'Save permissions' }).click();
  await page.getByText('Saved the select permission of user on public.invoice.').waitFor();
  await page.getByRole('button', { name: 'user select' }).getByLabel('partial access').waitFor();
  await shot('select-saved');

  const saved = (await metadata('export_metadata')).sources[0].tables.find((t) => t.table.name === 'invoice');
  const permission = saved.select_permissions.find((p) => p.role === 'user').permission;
  check(JSON.stringify(permission.filter) === '{"customer_id":{"_eq":"X-Hasura-User-Id"}}',
    `the saved filter is the one built: ${JSON.stringify(permission.filter)}`);
  check(permission.columns.length === 9 && permission.limit === 100, 'the saved columns and limit are the chosen ones');

  // A failing save: an insert check on a column that does not exist, typed as raw JSON.
  await page.getByRole('button', { name: 'user insert' }).click();
  await page.getByText('Role user · insert').waitFor();
  const insert = page.getByRole('region', { name: 'Row insert permissions' });
  await insert.getByText('With custom check').click();
  await insert.getByRole('radio', { name: 'JSON' }).click();
  await insert.getByLabel('Row insert permissions as JSON').fill('{"no_such_column": {"_eq": "X-Hasura-User-Id"}}');
  await page.getByRole('button', { name: 'Save permissions' }).click();
  const error = insert.getByRole('alert');
  await error.waitFor();
  const text = await error.innerText();
  check(text.includes('no_such_column'), `the server's error is shown beside the row check: ${text}`);
  await shot('insert-refused');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // An inherited role made of `user`: the summary shows what it may do through its role set.
  await page.getByRole('link', { name: 'Permissions', exact: true }).first().click();
  await page.getByRole('button', { name: 'Add an inherited role' }).click();
  await page.getByLabel('Inherited role name').fill('supervisor');
  await page.getByRole('checkbox', { name: 'user', exact: true }).check();
  await page.getByRole('button', { name: 'Save inherited role' }).click();
  await page.getByRole('table', { name: 'Inherited roles' }).getByText('supervisor').waitFor();
  const exported = await metadata('export_metadata');
  check(JSON.stringify(exported.inherited_roles) === '[{"role_name":"supervisor","role_set":["user"]}]',
    `the inherited role is saved: ${JSON.stringify(exported.inherited_roles)}`);
  await shot('summary-with-roles');
}

/** The earlier specs track Chinook; run alone, this one tracks what it needs itself. */
async function ensureInvoiceTracked(metadata) {
  const tables = (await metadata('export_metadata')).sources?.[0]?.tables ?? [];
  for (const name of ['invoice', 'customer']) {
    if (!tables.some((t) => t.table.name === name)) {
      await metadata('pg_track_table', { table: { schema: 'public', name } });
    }
  }
  // A second run against the same engine starts from no permission for `user`.
  const invoice = tables.find((t) => t.table.name === 'invoice');
  if ((await metadata('export_metadata')).inherited_roles?.some((r) => r.role_name === 'supervisor')) {
    await metadata('drop_inherited_role', { role_name: 'supervisor' });
  }
  for (const op of ['select', 'insert']) {
    if (invoice?.[`${op}_permissions`]?.some((p) => p.role === 'user')) {
      await metadata(`pg_drop_${op}_permission`, { table: { schema: 'public', name: 'invoice' }, role: 'user' });
    }
  }
}

export async function signInIfAsked(page, secret) {
  const field = page.getByLabel('Admin secret');
  const nav = page.getByRole('navigation', { name: 'Console' });
  await Promise.race([field.waitFor(), nav.waitFor()]);
  if (await field.isVisible()) {
    await field.fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await nav.waitFor();
  }
}

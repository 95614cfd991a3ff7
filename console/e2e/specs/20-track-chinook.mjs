// Chinook's tables start untracked: Track all, then Add all suggested relationships, named as Hasura's console
// names them.
export default async function trackChinook({ page, url, shot, metadata, check }) {
  await page.goto(url + '/console/data');
  const untracked = page.getByRole('table', { name: 'Untracked tables' });
  await untracked.getByRole('row', { name: /album/ }).waitFor();
  check(await untracked.getByRole('row').count() === 12, 'the 11 Chinook tables are listed as untracked');
  await shot('untracked');

  await page.getByRole('button', { name: 'Track all' }).click();
  await untracked.waitFor({ state: 'detached' });
  await page.getByRole('table', { name: 'Tracked tables' }).getByRole('link', { name: 'track', exact: true }).waitFor();
  const suggested = page.getByRole('table', { name: 'Suggested relationships' });
  await suggested.getByRole('row', { name: /albums/ }).waitFor();
  await shot('tracked-with-suggestions');

  await page.getByRole('button', { name: 'Add all' }).click();
  await page.getByText('No suggestions').waitFor();
  await shot('relationships-added');

  const exported = await metadata('export_metadata');
  const tables = Object.fromEntries(exported.sources[0].tables.map((t) => [t.table.name, t]));
  const names = (t, kind) => (tables[t][`${kind}_relationships`] ?? []).map((r) => r.name);
  check(Object.keys(tables).length === 11, 'all 11 tables are tracked');
  check(names('album', 'object').includes('artist'), 'album.artist is an object relationship');
  check(names('artist', 'array').includes('albums'), 'artist.albums is an array relationship');
  check(names('invoice', 'array').includes('invoice_lines'), 'invoice.invoice_lines is an array relationship');
  check(names('track', 'object').includes('media_type'), 'track.media_type is an object relationship');
}

// A table's rows: sorted, filtered with the API's operators, edited, with the server's error shown by its field.
export default async function browseAndEdit({ page, shot, graphql, check }) {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Data', exact: true }).click();
  await page.getByRole('complementary', { name: 'Tables' }).getByRole('link', { name: 'album', exact: true }).click();
  const rows = page.getByRole('table', { name: 'Rows' });
  await rows.getByRole('cell', { name: 'For Those About To Rock We Salute You' }).waitFor();
  await page.getByText('347 in all', { exact: true }).waitFor();
  await shot('album-rows');

  await rows.getByRole('button', { name: /^title/ }).click();
  await rows.getByRole('cell', { name: '...And Justice For All' }).waitFor();

  await page.getByRole('button', { name: '+ Add condition' }).click();
  await page.getByLabel('Column').selectOption('title');
  await page.getByLabel('Operator').selectOption('_ilike');
  await page.getByLabel('Value').fill('%rock%');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByText('7 in all', { exact: true }).waitFor();
  await shot('filtered');

  const row = rows.getByRole('row', { name: /Rock In Rio \[CD1\]/ });
  await row.getByRole('button', { name: 'Edit row' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('artist_id').fill('999999');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByText(/Foreign key violation/).waitFor();
  await shot('edit-refused-by-the-server');

  const artistId = (await graphql('{ album(where: {title: {_eq: "Rock In Rio [CD1]"}}) { artist_id } }')).data.album[0].artist_id;
  await dialog.getByLabel('artist_id').fill(String(artistId));
  await dialog.getByLabel('title').fill('Rock In Rio [Disc 1]');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.waitFor({ state: 'detached' });
  await rows.getByRole('cell', { name: 'Rock In Rio [Disc 1]' }).waitFor();
  await shot('edited');
  const saved = await graphql('{ album(where: {title: {_eq: "Rock In Rio [Disc 1]"}}) { artist_id } }');
  check(saved.data.album.length === 1 && saved.data.album[0].artist_id === artistId, 'the edit is saved, and only it');
}

// Insert and delete a row; give a table custom GraphQL names and query it by them.
export default async function insertDeleteAndNames({ page, shot, graphql, check }) {
  await page.getByRole('complementary', { name: 'Tables' }).getByRole('link', { name: 'genre', exact: true }).click();
  const rows = page.getByRole('table', { name: 'Rows' });
  await page.getByText('25 in all', { exact: true }).waitFor();

  await page.getByRole('button', { name: '+ Insert row' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('genre_id').fill('not a number');
  await dialog.getByRole('button', { name: 'Insert' }).click();
  await dialog.getByText('expected a whole number').waitFor();
  await dialog.getByLabel('genre_id').fill('26');
  await dialog.getByLabel('name').fill('Polka');
  await shot('insert-row');
  await dialog.getByRole('button', { name: 'Insert' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByText('26 in all', { exact: true }).waitFor();

  await page.getByRole('button', { name: /^genre_id/ }).click();
  await page.getByRole('button', { name: /^genre_id/ }).click();
  await rows.getByRole('row', { name: /Polka/ }).getByRole('button', { name: 'Delete row' }).click();
  await page.getByRole('dialog', { name: 'Delete this row?' }).getByRole('button', { name: 'Delete row' }).click();
  await page.getByText('25 in all', { exact: true }).waitFor();
  check((await graphql('{ genre(where: {name: {_eq: "Polka"}}) { genre_id } }')).data.genre.length === 0, 'the row is deleted');

  await page.getByRole('tab', { name: 'GraphQL & settings' }).click();
  await page.getByLabel('select', { exact: true }).fill('genres');
  await page.getByLabel('name', { exact: true }).fill('title');
  await page.getByRole('button', { name: 'Save names' }).click();
  await page.getByText('Saved the GraphQL names').waitFor();
  await shot('custom-names');
  const renamed = await graphql('{ genres(limit: 1, order_by: {genre_id: asc}) { title } }');
  check(renamed.data?.genres[0]?.title === 'Rock', `the custom names are served: ${JSON.stringify(renamed)}`);

  await page.getByRole('tab', { name: 'Browse rows' }).click();
  await rows.getByRole('cell', { name: 'Rock', exact: true }).waitFor();
}

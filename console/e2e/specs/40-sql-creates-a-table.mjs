// Raw SQL creates a table and a function; "Track this" tracks both, and the Data pages show the table.
export default async function sqlCreatesATable({ page, shot, metadata, check }) {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'SQL' }).click();
  await page.getByLabel('SQL', { exact: true }).fill(
    'CREATE TABLE review (\n  review_id serial PRIMARY KEY,\n  album_id int NOT NULL REFERENCES album,\n  stars int NOT NULL CHECK (stars BETWEEN 1 AND 5),\n  body text\n);\n'
    + "INSERT INTO review (album_id, stars, body) VALUES (1, 5, 'Loud.'), (2, 3, NULL);\n"
    + "CREATE FUNCTION search_albums(q text) RETURNS SETOF album AS $$ SELECT * FROM album WHERE title ILIKE '%' || q || '%' $$ LANGUAGE sql STABLE;\n"
    + 'SELECT r.stars, a.title FROM review r JOIN album a USING (album_id) ORDER BY r.review_id;');
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByText('Tracked review').first().waitFor();
  await page.getByRole('table', { name: 'Result' }).getByRole('cell', { name: 'Balls to the Wall' }).waitFor();
  await shot('created-and-tracked');

  const exported = await metadata('export_metadata');
  check(exported.sources[0].tables.some((t) => t.table.name === 'review'), 'review is tracked');
  check((exported.sources[0].functions ?? []).some((f) => f.function.name === 'search_albums'), 'search_albums is tracked');

  await page.getByRole('link', { name: 'review', exact: true }).click();
  await page.getByRole('table', { name: 'Rows' }).getByRole('cell', { name: 'Loud.' }).waitFor();
  await page.getByRole('tab', { name: 'Relationships' }).click();
  await page.getByRole('table', { name: 'Suggested relationships' }).getByRole('row', { name: /album/ }).waitFor();
  await shot('review-suggestions');
  await page.getByRole('tab', { name: 'Structure' }).click();
  await page.getByRole('table', { name: 'Constraints' }).getByText('review_stars_check').waitFor();
  await shot('review-structure');
}

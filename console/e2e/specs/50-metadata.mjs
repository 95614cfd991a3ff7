// Metadata: export downloads the JSON; an object whose table went away is listed as inconsistent and dropped;
// importing the export (which still has that table) brings it back, inconsistent, and it is dropped again.
import { readFile } from 'node:fs/promises';

export default async function metadataPage({ page, shot, sql, check }) {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Metadata' }).click();
  await page.getByText('Everything in the metadata matches the database').waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export metadata' }).click(),
  ]);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8'));
  check(exported.version === 3 && exported.sources[0].tables.length === 12, 'the export holds the 12 tracked tables');
  await shot('exported');

  // Dropped behind the metadata's back: the table stays in the metadata, inconsistent.
  await sql('DROP TABLE review', { check_metadata_consistency: false });
  await page.getByRole('button', { name: 'Reload metadata' }).click();
  const list = page.getByRole('table', { name: 'Inconsistent objects' });
  await list.getByText('review').first().waitFor();
  await shot('inconsistent');

  await page.getByRole('button', { name: 'Drop all inconsistent objects' }).click();
  await page.getByText('Everything in the metadata matches the database').waitFor();
  await shot('consistent-again');

  await page.getByLabel('Metadata file').setInputFiles(await download.path());
  await page.getByText(/^Imported /).waitFor();
  await list.getByText('review').first().waitFor();
  await page.getByRole('button', { name: 'Drop all inconsistent objects' }).click();
  await page.getByText('Everything in the metadata matches the database').waitFor();
}

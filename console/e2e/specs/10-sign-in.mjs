// The sign-in screen: a wrong secret is refused and says so; the right one opens the console.
export default async function signIn({ page, url, secret, shot, check }) {
  await page.goto(url + '/');
  await page.waitForURL('**/console/**');
  await page.getByLabel('Admin secret').waitFor();
  await shot('sign-in');

  await page.getByLabel('Admin secret').fill('not-the-secret');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('That admin secret is not the one the engine was started with.').waitFor();
  await shot('wrong-secret');

  await page.getByLabel('Admin secret').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
  check(await page.evaluate(() => sessionStorage.getItem('quarry.adminSecret')) !== null,
    'the secret is kept in sessionStorage');
  check(await page.evaluate(() => localStorage.length) === 0, 'nothing is kept in localStorage');
  await shot('signed-in');
}

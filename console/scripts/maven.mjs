// The Maven build's entry points, each skipped when its output is newer than its inputs, so that a build that
// changed nothing in the console costs nothing:
//   node scripts/maven.mjs deps    npm ci, unless node_modules was installed from this very package-lock.json
//   node scripts/maven.mjs build   npm run build, unless dist/ is newer than every source file
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(...args) {
  execFileSync(npm, args, { cwd: root, stdio: 'inherit' });
}

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

function deps() {
  const lock = createHash('sha256').update(readFileSync(join(root, 'package-lock.json'))).digest('hex');
  const stamp = join(root, 'node_modules', '.quarry-lock-sha256');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === lock) {
    console.log('console: node_modules is up to date with package-lock.json');
    return;
  }
  run('ci');
  writeFileSync(stamp, lock);
}

function build() {
  const stamp = join(root, 'dist', '.built');
  const inputs = ['src', 'index.html', 'package-lock.json', 'vite.config.ts', 'tsconfig.json', 'scripts'];
  if (existsSync(stamp)) {
    const built = statSync(stamp).mtimeMs;
    if (inputs.every((input) => newest(join(root, input)) < built)) {
      console.log('console: dist/ is up to date');
      return;
    }
  }
  run('run', 'build');
  writeFileSync(stamp, new Date().toISOString());
}

const commands = { deps, build };
const command = commands[process.argv[2]];
if (!command) {
  console.error(`usage: node scripts/maven.mjs ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
command();

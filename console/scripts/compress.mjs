// After `vite build`: writes dist/files.txt (the engine cannot list a folder inside its jar, so it reads the build's
// files from this list) and a gzip copy beside every compressible file, so that the engine serves compressed assets
// without compressing anything per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { constants, gzipSync } from 'node:zlib';

const dist = new URL('../dist', import.meta.url).pathname;
const compressible = /\.(html|js|css|svg|json|txt|map|ttf)$/;
const files = [];
let raw = 0;
let gzipped = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    if (name.startsWith('.') || name.endsWith('.gz')) continue;
    files.push(relative(dist, path));
    if (!compressible.test(name)) continue;
    const bytes = readFileSync(path);
    const gz = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
    raw += bytes.length;
    gzipped += gz.length;
    if (gz.length < bytes.length) writeFileSync(path + '.gz', gz);
  }
}

walk(dist);
writeFileSync(join(dist, 'files.txt'), files.sort().join('\n') + '\n');
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`console: ${files.length} files, ${kib(raw)} of text assets, ${kib(gzipped)} gzipped`);

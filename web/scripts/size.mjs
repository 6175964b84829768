// Fails when the JavaScript that the first page load fetches (the entry
// script and the chunks it imports statically, as index.html names them)
// is over the budget, gzipped. Lazily loaded chunks (GraphiQL, the other
// pages) do not count.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const BUDGET = 250 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const files = [
  ...html.matchAll(/<script[^>]*type="module"[^>]*src="\/([^"]+)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/([^"]+)"/g),
].map((m) => m[1]);
if (files.length === 0) {
  console.error('size: no module script in dist/index.html');
  process.exit(1);
}
let total = 0;
for (const f of new Set(files)) {
  const n = gzipSync(readFileSync(join(dist, f)), { level: 9 }).length;
  total += n;
  console.log(`${(n / 1024).toFixed(1).padStart(7)} KB  ${f}`);
}
const line = `first load: ${(total / 1024).toFixed(1)} KB of JavaScript gzipped; budget ${BUDGET / 1024} KB`;
if (total > BUDGET) {
  console.error(`${line}: over budget`);
  process.exit(1);
}
console.log(line);

// Exit 0 when .next holds a production build newer than every source file it is built from.
import fs from 'node:fs';
import path from 'node:path';

const BUILD_ID = '.next/BUILD_ID';
if (!fs.existsSync(BUILD_ID)) process.exit(1);
const built = fs.statSync(BUILD_ID).mtimeMs;
const SOURCES = ['app', 'components', 'lib', 'public', 'next.config.mjs', 'package-lock.json', 'tsconfig.json'];

function newest(p) {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, f) => Math.max(m, newest(path.join(p, f))), st.mtimeMs);
}
process.exit(SOURCES.some((s) => newest(s) > built) ? 1 : 0);

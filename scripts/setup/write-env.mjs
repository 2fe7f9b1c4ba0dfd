// Writes .env from .env.example, filling each <generated> secret; an existing .env is kept and only gains
// variables it lacks, so re-running set-up never changes keys that already encrypt data.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

const example = fs.readFileSync('.env.example', 'utf8');
const existing = fs.existsSync('.env') ? fs.readFileSync('.env', 'utf8') : '';
const have = new Set(
  existing
    .split('\n')
    .map((l) => l.split('=')[0]?.trim())
    .filter(Boolean),
);
const secret = (name) =>
  name === 'PII_KEYS'
    ? randomBytes(32).toString('base64')
    : name === 'DATABASE_URL'
      ? randomBytes(12).toString('hex')
      : randomBytes(32).toString('hex');

const added = [];
const lines = example.split('\n').flatMap((line) => {
  const m = /^([A-Z_]+)=(.*)$/.exec(line);
  if (!m) return existing ? [] : [line];
  const [, name, value] = m;
  if (have.has(name)) return [];
  const fromEnv = process.env[name];
  added.push(name);
  return [`${name}=${fromEnv ?? value.replaceAll('<generated>', secret(name))}`];
});
if (added.length) {
  fs.writeFileSync(
    '.env',
    (existing ? `${existing.replace(/\n*$/, '\n')}` : '') + lines.join('\n').replace(/\n*$/, '\n'),
    { mode: 0o600 },
  );
}
console.log(
  existing
    ? `  ✓ .env kept${added.length ? `; added ${added.join(', ')}` : ''}`
    : `  ✓ .env written with generated secrets`,
);

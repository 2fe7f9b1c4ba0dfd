import fs from 'node:fs';
import path from 'node:path';

/** Loads `.env` from the project root into process.env without overriding variables already set. */
export function loadDotenv(file = path.resolve(import.meta.dirname, '../.env')): void {
  if (typeof process.loadEnvFile !== 'function' || !fs.existsSync(file)) return;
  const before = { ...process.env };
  process.loadEnvFile(file);
  Object.assign(process.env, before);
}

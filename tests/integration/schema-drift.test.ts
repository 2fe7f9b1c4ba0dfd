import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSchemaEngine } from '../../scripts/db/schema-engine';
import { ROOT } from '../support/env';

describe('migrations', () => {
  it('produce exactly the database that prisma/schema.prisma describes', async () => {
    const schema = fs.readFileSync(path.join(ROOT, 'prisma/schema.prisma'), 'utf8');
    const engine = await loadSchemaEngine(process.env.DATABASE_URL!, schema);
    const files = [{ path: 'schema.prisma', content: schema }];
    const diff = await engine.diff({
      from: { tag: 'schemaDatasource', files, configDir: ROOT },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    expect((diff.stdout ?? '').trim()).toBe('-- This is an empty migration.');
  });
});

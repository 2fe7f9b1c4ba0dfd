// Loads Prisma's WebAssembly schema engine. The CLI's native engine is downloaded at run time, which offline
// machines cannot do; the wasm build ships on npm and talks to Postgres through the pg driver adapter.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);

export type SchemaEngine = {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
};

// Catalogue queries return Postgres' internal one-byte "char" type (OID 18), which the pg driver adapter cannot map;
// its values arrive as strings already, so the columns are relabelled as text (OID 25).
function relabelCharColumns(): void {
  const proto = pg.Query.prototype as unknown as {
    handleRowDescription(msg: { fields: { dataTypeID: number }[] }): void;
    __hfPatched?: boolean;
  };
  if (proto.__hfPatched) return;
  const original = proto.handleRowDescription;
  proto.handleRowDescription = function (msg) {
    for (const f of msg.fields) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return original.call(this, msg);
  };
  proto.__hfPatched = true;
}

export async function loadSchemaEngine(connectionString: string, schema: string): Promise<SchemaEngine> {
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const bindings = await import(path.join(dir, 'schema_engine_bg.js'));
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm')), {
    './schema_engine_bg.js': bindings,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  relabelCharColumns();
  const factory = new PrismaPg({ connectionString });
  // The engine expects Prisma's error-capturing wrapper around the adapter, as the CLI builds it.
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  return bindings.SchemaEngine.new({ datamodels: [['schema.prisma', schema]] }, () => {}, adapter);
}

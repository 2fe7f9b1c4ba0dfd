declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  import type { Submittable } from 'pg';
  export type CopyFromStream = Writable & Submittable & { rowCount: number };
  export function from(sql: string): CopyFromStream;
}

// Column maps (`--map customerID=customer_id`): rename source columns to contract fields without ever letting one
// value overwrite another.
import type { RawRecord } from './types';
import { setOwn } from './field-readers';

/**
 * Applies a source→contract column map to a list of column names (do it once per CSV header). A mapped column
 * takes its target name; an unmapped column that already had that name is kept as "<name> (unmapped)" and two
 * columns mapped to one target keep the second under its own name, so no value is ever overwritten.
 */
export function renameColumns(columns: readonly string[], map?: Record<string, string>): string[] {
  if (!map) return [...columns];
  const out: (string | undefined)[] = new Array<string | undefined>(columns.length);
  const taken = new Set<string>();
  columns.forEach((c, k) => {
    const target = Object.hasOwn(map, c) ? map[c]?.trim() : undefined;
    if (target && !taken.has(target)) {
      out[k] = target;
      taken.add(target);
    }
  });
  return columns.map((c, k) => {
    let name = out[k];
    if (name !== undefined) return name;
    name = c;
    while (taken.has(name)) name = `${name} (unmapped)`;
    taken.add(name);
    return name;
  });
}

/** Renames a record's keys by `map` (same rules as renameColumns); unmapped keys stay. */
export function applyColumnMap(raw: RawRecord, map?: Record<string, string>): RawRecord {
  if (!map) return raw;
  let needed = false;
  for (const source in map) if (Object.hasOwn(raw, source)) needed = true;
  if (!needed) return raw;
  const keys = Object.keys(raw);
  const names = renameColumns(keys, map);
  const out: RawRecord = {};
  for (let k = 0; k < keys.length; k++) setOwn(out, names[k] as string, raw[keys[k] as string]);
  return out;
}

/** Problems worth telling the user before importing: map sources missing from the file, renamed collisions. */
export function checkColumnMap(columns: readonly string[], map?: Record<string, string>): string[] {
  if (!map) return [];
  const problems: string[] = [];
  for (const source of Object.keys(map)) {
    if (!columns.includes(source)) problems.push(`mapped column "${source}" is not in the file`);
  }
  const names = renameColumns(columns, map);
  names.forEach((name, k) => {
    const original = columns[k] as string;
    if (name !== original && !(Object.hasOwn(map, original) && map[original]?.trim() === name)) {
      problems.push(`column "${original}" is kept as "${name}" because another column is mapped to its name`);
    } else if (name === original && Object.hasOwn(map, original) && map[original]?.trim() !== original) {
      problems.push(`column "${original}" keeps its name: another column is already mapped to "${map[original]}"`);
    }
  });
  return problems;
}

import { z } from 'zod';
import { FEATURE_SET_VERSION, STATIC_FEATURES, type FeatureDef } from './catalog';

// The dynamic part of a feature set: which event types, category levels, tags and custom attributes a workspace's
// data has. It is discovered once (from records before T) and then frozen into every snapshot and model built on
// it, so a model trained in April scores October's customers on exactly the same columns.

export const PROFILE_FIELDS = ['segment', 'region', 'city', 'channel', 'gender', 'plan', 'lifecycle_stage'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

export const ZFeatureSpec = z.object({
  version: z.literal(FEATURE_SET_VERSION),
  eventTypes: z.array(z.string()),
  categories: z.array(z.object({ field: z.string(), levels: z.array(z.string()) })),
  numericAttributes: z.array(z.string()),
  tags: z.array(z.string()),
});
export type TFeatureSpec = z.infer<typeof ZFeatureSpec>;

/** A dynamic feature, with the SQL parameter it needs (a type, level or key is always bound, never spliced). */
export type DynamicFeature = FeatureDef & { param?: string; param2?: string };

const ATTR = 'attr.';
const isProfile = (field: string): field is ProfileField => (PROFILE_FIELDS as readonly string[]).includes(field);

/** Every feature of a spec in snapshot column order: the static catalogue first, then the dynamic ones. */
export function listFeatures(spec: TFeatureSpec): DynamicFeature[] {
  const out: DynamicFeature[] = [...STATIC_FEATURES];
  for (const type of spec.eventTypes) {
    for (const w of [30, 90]) {
      out.push({
        name: `event.${type}_${w}d`,
        group: 'activity',
        unit: 'count',
        description: `“${type}” events in the ${w} days before the snapshot`,
        reason: { en: `{value} “${type}” events in the last ${w} days`, zh: `最近 ${w} 天“${type}”事件 {value} 次` },
        sql: '',
        param: type,
        param2: String(w),
      });
    }
  }
  for (const attr of spec.numericAttributes) {
    out.push({
      name: `${ATTR}${attr}`,
      group: 'attributes',
      unit: 'number',
      description: `Custom attribute “${attr}”`,
      reason: { en: `${attr} is {value}`, zh: `${attr} 为 {value}` },
      sql: '',
      param: attr,
    });
  }
  for (const { field, levels } of spec.categories) {
    const label = field.startsWith(ATTR) ? field.slice(ATTR.length) : field;
    for (const level of levels) {
      out.push({
        name: `${field}=${level}`,
        group: field.startsWith(ATTR) ? 'attributes' : 'profile',
        unit: 'flag',
        description: `1 when ${label} is “${level}”`,
        reason: { en: `${label} is ${level}`, zh: `${label} 为 ${level}` },
        sql: '',
        param: field,
        param2: level,
      });
    }
  }
  for (const tag of spec.tags) {
    out.push({
      name: `tag.${tag}`,
      group: 'tags',
      unit: 'flag',
      description: `1 when the customer is tagged “${tag}”`,
      reason: { en: `tagged “${tag}”`, zh: `带有标签“${tag}”` },
      sql: '',
      param: tag,
    });
  }
  return out;
}

export function listFeatureNames(spec: TFeatureSpec): string[] {
  return listFeatures(spec).map((f) => f.name);
}

/**
 * The SQL expression of each dynamic feature, with its bound values pushed onto `params`. Profile fields are
 * spliced only from the fixed PROFILE_FIELDS list; everything user-supplied is a parameter.
 */
export function dynamicSql(feature: DynamicFeature, params: unknown[], eventColumn: (type: string) => string): string {
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (feature.name.startsWith('event.')) return `COALESCE(${eventColumn(feature.param!)}_${feature.param2}, 0)`;
  if (feature.name.startsWith('tag.')) return `(c.tags @> ARRAY[${bind(feature.param)}]::text[])::int`;
  if (feature.unit === 'flag') {
    const field = feature.param!;
    let value: string;
    if (field.startsWith(ATTR)) value = `(c.attributes ->> ${bind(field.slice(ATTR.length))})`;
    else if (isProfile(field)) value = `c.${field}`;
    else throw new Error(`unknown category field ${field}`);
    return `COALESCE((${value} = ${bind(feature.param2)})::int, 0)`;
  }
  const key = bind(feature.param);
  return `CASE WHEN jsonb_typeof(c.attributes -> ${key}) = 'number' THEN (c.attributes ->> ${key})::float8 END`;
}

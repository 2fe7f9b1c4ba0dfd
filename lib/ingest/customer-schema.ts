// The customer record of the import contract (DATA_CONTRACT.md) as a zod schema.
import { readBoolean, readEmail, readInteger, readTags } from './field-readers';
import { CONTRACT_FIELD_SETS, buildAttributes } from './extra-columns';
import {
  BOOL_IN,
  INT_IN,
  TAGS_IN,
  TEXT_IN,
  contractField,
  customerIdField,
  dateField,
  textField,
} from './field-schemas';
import { checkDateOrder, defineRecordSchema } from './define-record-schema';

export function buildCustomerSchema(fmt: string | undefined) {
  return defineRecordSchema(
    {
      customer_id: customerIdField("The customer's id in the source system, unique per workspace (upsert key)."),
      name: textField('name', 'Full name (personal data: encrypted at rest)'),
      email: contractField('email', TEXT_IN, readEmail, 'Email address (personal data); lower-cased.'),
      phone: textField('phone', 'Phone number (personal data)'),
      signup_at: dateField('signup_at', fmt, 'Start of the relationship'),
      churned_at: dateField(
        'churned_at',
        fmt,
        'When the customer left (contractual churn); empty = still a customer; not before signup_at',
      ),
      churned: contractField(
        'churned',
        BOOL_IN,
        readBoolean,
        'Snapshot churn label for data without dates: true/false, yes/no or 1/0 (any case).',
      ),
      segment: textField('segment', 'Segment'),
      region: textField('region', 'Region'),
      city: textField('city', 'City'),
      channel: textField('channel', 'Acquisition channel'),
      gender: textField('gender', 'Gender'),
      plan: textField('plan', 'Plan or product'),
      lifecycle_stage: textField('lifecycle_stage', 'Lifecycle stage'),
      birth_year: contractField(
        'birth_year',
        INT_IN,
        (v, f, e) => readInteger(v, f, e, 1900, new Date().getUTCFullYear()),
        'Year of birth, 1900 to the current year.',
      ),
      tags: contractField(
        'tags',
        TAGS_IN,
        readTags,
        'Labels: a ;-separated string ("vip;price-sensitive") or a list; trimmed, de-duplicated, at most 50 of at most 100 characters.',
      ),
    },
    'A customer. Any other key is a custom attribute: numbers become numeric features, text categorical ones.',
    (o, errors) => {
      checkDateOrder(o, 'signup_at', 'churned_at', errors);
      buildAttributes(o, CONTRACT_FIELD_SETS.customers, errors);
    },
    (fields, o) => ({ ...fields, attributes: buildAttributes(o, CONTRACT_FIELD_SETS.customers, []) }),
  );
}

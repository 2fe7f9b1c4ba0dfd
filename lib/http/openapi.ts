import { z } from 'zod';
import { ZAuditFilter } from '../audit/schemas';
import { API_KEY_SCOPES } from '../auth/permissions';
import { ZCustomerListQuery } from '../customers/schemas';
import { ZCustomerRecord, ZEventRecord, ZTicketRecord, ZTransactionRecord } from '../ingest/records';
import { MAX_API_RECORDS } from '../ingest/service';

// The OpenAPI 3.1 document, generated from the same zod schemas the routes validate with, so the two cannot drift.

const schema = (s: z.ZodType) => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;

function queryParams(s: z.ZodObject) {
  const json = schema(s) as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, prop]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    description: prop.description,
    schema: prop,
  }));
}

const ERROR = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
      required: ['code', 'message'],
    },
  },
};
const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [String(c), { description: STATUS_TEXT[c], content: { 'application/json': { schema: ERROR } } }]),
  );
const STATUS_TEXT: Record<number, string> = {
  400: 'The request itself is malformed (not JSON, not an array, bad query parameter).',
  401: 'No API key, or an unknown or revoked one.',
  403: 'The key lacks the scope this route needs.',
  404: 'Not found in this workspace.',
  413: `Body too large, or more than ${MAX_API_RECORDS} records.`,
  429: 'Rate limit reached; see the Retry-After header.',
};

const INGEST_RESPONSE = {
  type: 'object',
  properties: {
    inserted: { type: 'integer' },
    updated: { type: 'integer' },
    skipped: { type: 'integer', description: 'duplicates within the request, or records identical to what is stored' },
    rejected: { type: 'integer' },
    createdCustomers: { type: 'integer' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { index: { type: 'integer' }, field: { type: 'string' }, reason: { type: 'string' } },
        required: ['index', 'field', 'reason'],
      },
    },
  },
  required: ['inserted', 'updated', 'skipped', 'rejected', 'errors'],
};

function ingestOperation(kind: string, record: z.ZodType, scope: string) {
  return {
    post: {
      summary: `Store ${kind}`,
      description: `Up to ${MAX_API_RECORDS.toLocaleString('en')} records as a JSON array or NDJSON. Good records are stored, bad ones come back with their index, field and reason; idempotent by id. Needs scope \`${scope}\`.`,
      tags: ['ingest'],
      security: [{ bearer: [scope] }],
      parameters: [
        { name: 'strict', in: 'query', schema: { type: 'boolean' }, description: 'store nothing if any record is bad' },
        ...(kind === 'customers'
          ? []
          : [
              {
                name: 'create_missing_customers',
                in: 'query',
                schema: { type: 'boolean' },
                description: 'create bare customers for unknown customer_id',
              },
            ]),
      ],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { type: 'array', maxItems: MAX_API_RECORDS, items: schema(record) } },
          'application/x-ndjson': { schema: { type: 'string', description: 'one JSON record per line' } },
        },
      },
      responses: {
        '200': { description: 'Per-record results', content: { 'application/json': { schema: INGEST_RESPONSE } } },
        ...errors(400, 401, 403, 413, 429),
      },
    },
  };
}

const TIER = { type: 'string', enum: ['high', 'medium', 'low'] };
const SENTENCE = (what: string) => ({
  type: 'object',
  properties: {
    feature: { type: 'string', description: 'the feature name' },
    text: { type: 'string', description: `${what} as a sentence (English)` },
    impact: { type: 'number', description: "contribution towards churn in the model's raw units (log-odds)" },
    value: { type: ['number', 'null'], description: "the customer's value of the feature" },
  },
});
// The latest churn score as GET /api/v1/customers/{customer_id} returns it (null before the first scoring run).
const SCORE = {
  type: ['object', 'null'],
  properties: {
    probability: { type: 'number', minimum: 0, maximum: 1, description: 'churn probability within the label horizon' },
    tier: { ...TIER, description: "by the workspace's thresholds (default high ≥ 0.8, medium ≥ 0.5)" },
    reasons: { type: 'array', maxItems: 3, items: SENTENCE('a driver towards churn'), description: 'strongest first' },
    scored_at: { type: 'string', format: 'date-time' },
    model_id: { type: 'string' },
    previous: {
      type: ['object', 'null'],
      description: 'the score before this one, and why it changed',
      properties: {
        probability: { type: 'number' },
        tier: TIER,
        changes: {
          type: 'array',
          maxItems: 3,
          description: 'the drivers whose pull moved most since the previous score',
          items: {
            type: 'object',
            properties: {
              feature: { type: 'string' },
              text: { type: 'string' },
              change: { type: 'number', description: 'change of the contribution (log-odds)' },
              direction: { type: 'string', enum: ['up', 'down'], description: 'towards or away from churn' },
            },
          },
        },
      },
    },
  },
};

/** Builds the document; cheap enough to build per request, and always in step with the code. */
export function buildOpenApiDocument(serverUrl: string) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Holdfast API',
      version: '1',
      description: 'Customer data in, churn insight out. Authenticate with `Authorization: Bearer <API key>`.',
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: `API key; scopes: ${API_KEY_SCOPES.join(', ')}` },
      },
      schemas: {
        Customer: schema(ZCustomerRecord),
        Event: schema(ZEventRecord),
        Transaction: schema(ZTransactionRecord),
        Ticket: schema(ZTicketRecord),
        Score: SCORE,
        Error: ERROR,
      },
    },
    paths: {
      '/api/v1/me': {
        get: {
          summary: 'The calling key: workspace and scopes',
          security: [{ bearer: ['workspace.read'] }],
          responses: { '200': { description: 'OK' }, ...errors(401, 403, 429) },
        },
      },
      '/api/v1/customers': {
        get: {
          summary: 'List customers (masked), filtered (also by risk tier), sorted, cursor-paginated',
          tags: ['customers'],
          security: [{ bearer: ['customers.read'] }],
          parameters: queryParams(ZCustomerListQuery),
          responses: { '200': { description: '`{ items, nextCursor }`' }, ...errors(400, 401, 403, 429) },
        },
        ...ingestOperation('customers', ZCustomerRecord, 'customers.write'),
      },
      '/api/v1/customers/{customer_id}': {
        get: {
          summary: 'One customer: profile (masked unless revealed), recent history and the latest churn score',
          tags: ['customers'],
          security: [{ bearer: ['customers.read'] }],
          parameters: [
            { name: 'customer_id', in: 'path', required: true, schema: { type: 'string' } },
            {
              name: 'reveal',
              in: 'query',
              schema: { type: 'boolean' },
              description:
                'defaults to true for keys holding customers.reveal_pii (audited); true without that scope is 403',
            },
          ],
          responses: {
            '200': {
              description: 'the customer; `score` is the latest churn score',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { score: { $ref: '#/components/schemas/Score' } } },
                },
              },
            },
            ...errors(401, 403, 404, 429),
          },
        },
      },
      '/api/v1/customers/{customer_id}/score': {
        post: {
          summary: 'Re-score one customer now, with exact reasons, and answer the new score',
          tags: ['customers'],
          security: [{ bearer: ['customers.write'] }],
          parameters: [{ name: 'customer_id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': {
              description: '`{ score }`',
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { score: { $ref: '#/components/schemas/Score' } } },
                },
              },
            },
            '409': { description: 'no champion model yet' },
            '503': { description: 'the scoring worker did not answer within 15 s' },
            ...errors(401, 403, 404, 429),
          },
        },
      },
      '/api/v1/events': ingestOperation('events', ZEventRecord, 'events.write'),
      '/api/v1/transactions': ingestOperation('transactions', ZTransactionRecord, 'transactions.write'),
      '/api/v1/tickets': ingestOperation('tickets', ZTicketRecord, 'tickets.write'),
      '/api/v1/audit': {
        get: {
          summary: 'The audit trail, newest first',
          tags: ['audit'],
          security: [{ bearer: ['audit.read'] }],
          parameters: queryParams(ZAuditFilter),
          responses: { '200': { description: '`{ items, nextCursor }`' }, ...errors(400, 401, 403, 429) },
        },
      },
      '/api/health': {
        get: {
          summary: 'Database and Redis status',
          security: [],
          responses: { '200': { description: 'both up' }, '503': { description: 'one is down' } },
        },
      },
    },
  };
}

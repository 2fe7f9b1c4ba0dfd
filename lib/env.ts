import { z } from 'zod';

/** Every environment variable the web app, workers and CLI read; `.env.example` documents each one. */
export const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.string().url('must be a postgresql:// URL'),
  REDIS_URL: z.string().url('must be a redis:// URL'),
  NEXTAUTH_SECRET: z.string().min(32, 'must be at least 32 characters'),
  NEXTAUTH_URL: z.string().url().optional(),
  // Comma-separated `keyId:base64Key` pairs (32-byte keys). Old keys stay listed so old rows can still be read.
  PII_KEYS: z.string().min(1),
  PII_ACTIVE_KEY_ID: z.string().min(1),
  // Key for the blind index (keyed hash) of emails; independent of the rotating encryption keys.
  PII_INDEX_KEY: z.string().min(32),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  DEMO_PASSWORD: z.string().min(8).default('demo-password'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Requests per minute per API key; bursts beyond it get 429 with Retry-After.
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  // Largest request body the API accepts, in megabytes (10,000 records fit comfortably).
  API_MAX_BODY_MB: z.coerce.number().min(1).max(512).default(32),
  // Where uploaded import files are kept until their import has run.
  UPLOAD_DIR: z.string().min(1).default('var/uploads'),
  // Largest file the upload page accepts, in megabytes.
  UPLOAD_MAX_MB: z.coerce.number().min(1).default(10240),
  // How long a worker holds a job before another may take it over after a crash, in milliseconds.
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  // The Python that runs the trainer in models/: Debian's, which has XGBoost, scikit-learn and onnx.
  TRAINER_PYTHON: z.string().min(1).default('/usr/bin/python3'),
  // Scratch space for training sets and trainer output; each run's folder is removed when it ends.
  ML_WORK_DIR: z.string().min(1).default('var/ml'),
  // Real-time re-scoring waits this long after a customer's record arrives, so a burst is scored once.
  REALTIME_DEBOUNCE_MS: z.coerce.number().int().min(0).max(10_000).default(50),
  // Where alert emails go out: smtp://user:pass@host:587 or smtps://…:465. Empty turns email off.
  SMTP_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || /^smtps?:\/\/[^/\s]+/.test(v), 'must be an smtp:// or smtps:// URL, or empty'),
  SMTP_FROM: z.string().trim().min(3).default('Holdfast <alerts@holdfast.local>'),
  // First retry delay of a failed webhook or email, in milliseconds; each later retry waits twice as long.
  ALERT_RETRY_BASE_MS: z.coerce.number().int().min(1).default(10_000),
  // Whether webhooks may reach loopback and private addresses. Off in production: a webhook URL is chosen by a
  // workspace admin and must not reach the services beside the console. Tests and local receivers turn it on.
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  // The console's public address for links in emails and webhooks; falls back to NEXTAUTH_URL.
  APP_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .pipe(z.string().url('must be an http(s):// URL').optional()),
});
export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

/** Parses the environment once; a bad `.env` fails at start with the offending variables named. */
export function getEnv(): TEnv {
  if (cached) return cached;
  const parsed = ZEnv.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment (see .env.example):\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

/** Tests change the environment between files; this forgets the parsed copy. */
export function resetEnvCache(): void {
  cached = undefined;
}

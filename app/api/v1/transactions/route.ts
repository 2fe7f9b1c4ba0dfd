import { ingestRoute } from '@/lib/http/ingest-route';

/** Stores transactions (DATA_CONTRACT.md): a JSON array or NDJSON of up to 10,000 records. */
export const POST = ingestRoute('transactions');

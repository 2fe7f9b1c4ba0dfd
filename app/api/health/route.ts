import { checkHealth } from '@/lib/health/service';

export const dynamic = 'force-dynamic';

/** 200 when the database and Redis both answer, 503 otherwise; the body says which is down. */
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'cache-control': 'no-store' },
  });
}

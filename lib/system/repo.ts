import { closeDb } from '../db';
import { closeRedis } from '../redis';

/** Closes the process's database pools and shared Redis connection, for CLI commands and worker shutdown. */
export async function closeConnections(): Promise<void> {
  await Promise.all([closeDb(), closeRedis()]);
}

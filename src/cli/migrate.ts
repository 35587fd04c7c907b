// `npm run migrate`: bring the configured database up to date (the gateway also does this at start).
import { loadConfig } from '../config/index.ts';
import { createDb, migrate } from '../store/db.ts';

const config = loadConfig();
const db = createDb(config.databaseUrl);
try {
  await migrate(db);
  const [, done] = await db.migrate.list({ migrationSource: (await import('../store/migrations/index.ts')).migrationSource });
  console.log(`migrate: ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')} is up to date (${done.length} pending)`);
} finally {
  await db.destroy();
}

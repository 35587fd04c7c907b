// `npm run migrate`: bring the configured database up to date (the gateway also does this at start).
// `--unlock` first clears the migration lock a process left behind when it died mid-migration (SQLite; PostgreSQL
// clears it itself).
import { loadConfig } from '../config/index.ts';
import { createDb, migrate, ontgrendelMigraties } from '../store/db.ts';

const config = loadConfig();
const db = createDb(config.databaseUrl);
try {
  if (process.argv.includes('--unlock')) await ontgrendelMigraties(db);
  await migrate(db);
  const [, done] = await db.migrate.list({ migrationSource: (await import('../store/migrations/index.ts')).migrationSource });
  console.log(`migrate: ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')} is up to date (${done.length} pending)`);
} finally {
  await db.destroy();
}

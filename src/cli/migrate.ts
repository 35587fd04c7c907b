// `stuf-gateway migrate [--unlock]` (npm run migrate): bring the configured database up to date (the gateway also
// does this at start). `--unlock` first clears the migration lock a process left behind when it died mid-migration
// (SQLite; PostgreSQL clears it itself).
import { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { createDb, migrate, ontgrendelMigraties } from '../store/db.ts';
import { action, EXIT, runIfMain } from './program.ts';

const masked = (url: string) => url.replace(/\/\/[^@]*@/, '//***@');

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('bring the configured database (STUF_CONFIG / DATABASE_URL) up to date')
    .option('--unlock', 'first clear a migration lock left by a process that died mid-migration (SQLite)')
    .action(action('migrate', async (o: { unlock?: boolean }) => {
      const config = loadConfig();
      const db = createDb(config.databaseUrl);
      try {
        if (o.unlock) await ontgrendelMigraties(db);
        await migrate(db);
        const [, pending] = await db.migrate.list({ migrationSource: (await import('../store/migrations/index.ts')).migrationSource });
        console.log(`migrate: ${masked(config.databaseUrl)} is up to date (${pending.length} pending)`);
        return EXIT.ok;
      } finally {
        await db.destroy();
      }
    }));
}

runIfMain(import.meta.url, migrateCommand);

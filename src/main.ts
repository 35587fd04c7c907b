// Composition root: config -> gateway (schemas, store) -> HTTP.
import { loadConfig } from './config/index.ts';
import { startServer } from './http/server.ts';
import { log } from './log.ts';
import { SchemasMissingError } from './xsd/validators.ts';

try {
  const config = loadConfig();
  const srv = await startServer(config);
  log.info('gateway gestart', { url: srv.url, database: config.databaseUrl.replace(/\/\/[^@]*@/, '//***@'), validatie: config.validation, catalogus: config.catalogue });
  const stop = async () => {
    log.info('gateway stopt');
    await srv.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (e) {
  if (e instanceof SchemasMissingError) console.error(e.message);
  else console.error(`gateway kan niet starten: ${(e as Error).message}`);
  process.exit(1);
}

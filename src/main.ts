// Composition root: config -> gateway (schemas, store) -> HTTP; SIGTERM/SIGINT stop it gracefully.
import { loadConfig } from './config/index.ts';
import { startServer } from './http/server.ts';
import { log } from './log.ts';
import { SchemasMissingError } from './xsd/validators.ts';

try {
  const config = loadConfig();
  const srv = await startServer(config);
  log.info('gateway gestart', { url: srv.url, database: config.databaseUrl.replace(/\/\/[^@]*@/, '//***@'), validatie: config.validation, catalogus: config.catalogue });
  let stopt = false;
  const stop = async (signaal: string) => {
    if (stopt) return;
    stopt = true;
    log.info('gateway stopt', { signaal, timeout_ms: config.shutdownTimeoutMs });
    // In-flight messages get until the timeout; after it their connections are cut and the exit code says so.
    const timer = setTimeout(() => {
      log.error('gateway niet op tijd gestopt: lopende verbindingen afgebroken', { timeout_ms: config.shutdownTimeoutMs });
      srv.server.closeAllConnections();
      process.exit(1);
    }, config.shutdownTimeoutMs);
    try {
      await srv.close();
      log.info('gateway gestopt');
      process.exit(0);
    } catch (e) {
      clearTimeout(timer);
      log.error('gateway niet netjes gestopt', { error: (e as Error).message });
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (e) {
  if (e instanceof SchemasMissingError) console.error(e.message);
  else console.error(`gateway kan niet starten: ${(e as Error).message}`);
  process.exit(1);
}

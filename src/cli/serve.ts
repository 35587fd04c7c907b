// `stuf-gateway serve` (npm start): config -> gateway (schemas, store) -> HTTP; SIGTERM/SIGINT stop it gracefully.
import { Command } from 'commander';
import { loadConfig } from '../config/index.ts';
import { startServer } from '../http/server.ts';
import { log } from '../log.ts';
import { SchemasMissingError } from '../xsd/validators.ts';
import { action, EXIT } from './program.ts';

/** Starts the gateway; resolves once it listens (the process then runs until a signal), or with 1 when it cannot start. */
export async function serve(): Promise<number | undefined> {
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
    return undefined;
  } catch (e) {
    if (e instanceof SchemasMissingError) console.error(e.message);
    else console.error(`gateway kan niet starten: ${(e as Error).message}`);
    return EXIT.failed;
  }
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('start the gateway (configuration: STUF_CONFIG and the environment, see README "Configuration")')
    .option('-c, --config <file>', 'JSON configuration file (sets STUF_CONFIG)')
    .option('-p, --port <port>', 'HTTP port (sets PORT; 0: any free port)')
    .option('--host <host>', 'listen address (sets HOST)')
    .action(action('serve', async (o: { config?: string; port?: string; host?: string }) => {
      if (o.config) process.env.STUF_CONFIG = o.config;
      if (o.port) process.env.PORT = o.port;
      if (o.host) process.env.HOST = o.host;
      return serve();
    }));
}

// HTTP adapter: endpoints per dialect and port, ?wsdl and /xsd/* serving, health and readiness, the regie dashboard
// (src/dashboard/), TLS, graceful close. Everything SOAP is in the transport-free gateway core.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Config } from '../config/index.ts';
import { isDashboardPad, maakDashboard } from '../dashboard/index.ts';
import { createGateway, type Gateway, type SoapResponse } from '../gateway.ts';
import { log } from '../log.ts';
import { PORT_NAMES, type PortKind } from '../operations/registry.ts';
import type { Endpoint } from '../soap/dispatch.ts';
import type { DialectId } from '../stuf/dialect.ts';
import { write } from './schrijven.ts';
import { serveSchema, serveWsdl } from './wsdl.ts';

const DIALECT_PATHS: Record<string, DialectId> = { '/zds/1.2/': 'zds-1.2', '/zds/1.1/': 'zds-1.1', '/stuf-zkn/3.10/': 'stuf-zkn' };
const PORTS: Record<string, PortKind> = {
  BeantwoordVraag: 'vraag', OntvangAsynchroon: 'async', VerwerkSynchroonVrijBericht: 'vrij', VrijeBerichten: 'vrij',
};

/** The path of a dialect's port (the reverse of endpointOf). */
export function endpointPathOf(dialect: DialectId, port: PortKind): string {
  const prefix = Object.keys(DIALECT_PATHS).find((p) => DIALECT_PATHS[p] === dialect)!;
  return prefix + PORT_NAMES[dialect][port];
}

/** The endpoint a path names; undefined for an unknown path. `/soap` accepts every dialect and port. */
export function endpointOf(pathname: string): Endpoint | undefined {
  if (pathname === '/soap' || pathname === '/soap/') return {};
  for (const prefix in DIALECT_PATHS) {
    if (!pathname.startsWith(prefix)) continue;
    const port = PORTS[pathname.slice(prefix.length)];
    const dialect = DIALECT_PATHS[prefix];
    if (!port || (dialect === 'zds-1.1' && port === 'vrij' && !pathname.endsWith('VrijeBerichten'))
      || (dialect === 'zds-1.2' && port === 'vrij' && !pathname.endsWith('VerwerkSynchroonVrijBericht'))
      || (dialect === 'stuf-zkn' && port === 'vrij')) return undefined;
    return { dialect, port };
  }
  return undefined;
}

const SOAP_TYPES = /^\s*(text\/xml|application\/soap\+xml|application\/xml|multipart\/related)\b/i;

export interface RunningServer {
  url: string;
  /** with TLS and security.plainHttpPort: the plain HTTP address as well */
  plainUrl?: string;
  gateway: Gateway;
  server: http.Server;
  /**
   * Stops accepting connections, lets the requests in flight finish (their answers close their connections),
   * closes idle keep-alive connections, then closes the gateway (delivery worker, message log, database).
   */
  close(): Promise<void>;
}

class TooLarge extends Error {}
/** The client closed the connection before its body was complete. */
class Afgebroken extends Error {}

/**
 * The request body. With a Content-Length it is copied into one buffer of that size as it arrives, so a large
 * document is held once, not once in chunks and once more concatenated.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new TooLarge());
    const whole = declared > 0 ? Buffer.allocUnsafe(declared) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      if (size + c.length > limit || (whole && size + c.length > whole.length)) {
        req.pause(); // read no further; the 413 closes the connection
        chunks.length = 0;
        reject(new TooLarge());
        return;
      }
      if (whole) c.copy(whole, size);
      else chunks.push(c);
      size += c.length;
    });
    req.on('end', () => resolve(whole ? whole.subarray(0, size) : Buffer.concat(chunks, size)));
    req.on('aborted', () => reject(new Afgebroken()));
    req.on('error', reject);
  });
}

/**
 * After a 413 the client may still be sending. Closing the socket with its data unread makes the kernel answer with a
 * reset, which can destroy the 413 before the client has read it; so the rest is read and dropped for a little while
 * (at most 8 MiB or 2 s), then the connection is closed.
 */
function naZeggen(req: http.IncomingMessage): void {
  let weg = 0;
  const sluit = () => req.socket.destroy();
  const timer = setTimeout(sluit, 2000).unref();
  req.removeAllListeners('data');
  req.on('data', (c: Buffer) => {
    weg += c.length;
    if (weg > 8 * 1024 * 1024) sluit();
  });
  req.socket.once('close', () => clearTimeout(timer));
  req.resume();
}

/** /ready: 200 when the database answers and the schemas are loaded, else 503 naming the part (no details). */
async function gereedheid(gateway: Gateway, stopt: boolean): Promise<{ status: number; body: string }> {
  const { database, schemas } = await gateway.gereed();
  const status = stopt ? 'stopping' : database && schemas ? 'ready' : 'not ready';
  return {
    status: status === 'ready' ? 200 : 503,
    body: JSON.stringify({ status, database: database ? 'ok' : 'unavailable', schemas: schemas ? 'ok' : 'not loaded' }),
  };
}

export function requestHandler(gateway: Gateway, stopt: () => boolean = () => false) {
  const { config } = gateway;
  const dashboard = maakDashboard(gateway);
  return async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (status: number, contentType: string, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
      res.end(body);
    };
    try {
      if (dashboard && isDashboardPad(url.pathname)) {
        return await dashboard(req, res, url, { tls: !!(req.socket as TLSSocket).encrypted, certificaat: certificaatVan(req) });
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        if (url.pathname === '/health') return send(200, 'application/json', '{"status":"ok"}');
        if (url.pathname === '/ready') {
          const r = await gereedheid(gateway, stopt());
          return send(r.status, 'application/json', r.body);
        }
        if (url.pathname === '/metrics') return send(200, gateway.metrics.registry.contentType, await gateway.metrics.registry.metrics());
        if (url.pathname.startsWith('/xsd/')) {
          const f = serveSchema(url.pathname, config.schemaDir);
          return f ? send(200, f.contentType, f.body) : send(404, 'text/plain', 'niet gevonden\n');
        }
        if (url.searchParams.has('wsdl') || url.search.toLowerCase() === '?wsdl') {
          const base = `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${req.headers.host ?? `localhost:${config.port}`}`;
          const wsdl = await serveWsdl(url.pathname, base);
          return wsdl ? send(200, 'text/xml; charset=utf-8', wsdl) : send(404, 'text/plain', 'geen WSDL op dit pad\n');
        }
        return send(404, 'text/plain', 'niet gevonden\n');
      }
      if (req.method !== 'POST') return send(405, 'text/plain', 'alleen POST (SOAP) en GET (?wsdl)\n');
      const endpoint = endpointOf(url.pathname);
      if (!endpoint) {
        req.resume();
        return send(404, 'text/plain', `onbekend endpoint ${url.pathname}; zie /zds/1.2/*, /zds/1.1/*, /stuf-zkn/3.10/* of /soap\n`);
      }
      if (!SOAP_TYPES.test(req.headers['content-type'] ?? '')) {
        req.resume();
        return send(415, 'text/plain', 'Content-Type moet text/xml (SOAP 1.1) of application/soap+xml (SOAP 1.2) zijn\n');
      }
      const body = await readBody(req, config.maxBodyBytes);
      const answer = await gateway.handle({ endpoint, headers: req.headers as SoapHeaders, body, certificaat: certificaatVan(req) });
      if (answer.delen) await stream(res, gateway, answer);
      else send(answer.status, answer.contentType, answer.body);
    } catch (e) {
      if (e instanceof TooLarge) {
        res.setHeader('connection', 'close');
        send(413, 'text/plain', `bericht groter dan ${config.maxBodyBytes} bytes\n`);
        naZeggen(req);
        return;
      }
      if (e instanceof Afgebroken || req.destroyed) {
        // nobody is left to answer; nothing was parsed or stored
        log.warn('verzoek afgebroken door de client', { pad: url.pathname, ontvangen: req.socket.bytesRead });
        return;
      }
      log.error('http-fout', { error: (e as Error).message });
      if (!res.headersSent) send(500, 'text/plain', 'interne fout\n');
      else res.destroy(); // a streamed answer broke off: close the connection rather than leave the client waiting
    }
  };
}

type SoapHeaders = { soapaction?: string; 'content-type'?: string };

/** The subject (`CN=...,O=...`) of a client certificate that the TLS handshake verified against the CA; else undefined. */
function certificaatVan(req: http.IncomingMessage): string | undefined {
  const socket = req.socket as TLSSocket;
  if (!socket.encrypted || !socket.authorized) return undefined;
  const subject = socket.getPeerCertificate()?.subject as Record<string, string | string[]> | undefined;
  if (!subject) return undefined;
  return Object.entries(subject).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x.replace(/,/g, '\\,')}`)).join(',');
}

/** An answer with stored content: the text pieces and the content, base64-encoded part by part from the store. */
async function stream(res: http.ServerResponse, gateway: Gateway, answer: SoapResponse): Promise<void> {
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': answer.lengte });
  for (const deel of answer.delen!) {
    if (typeof deel === 'string') await write(res, deel);
    else for await (const stuk of gateway.inhoud(deel.inhoudId, deel.vorm)) await write(res, stuk);
    if (res.destroyed) return;
  }
  res.end();
}

function listen(server: http.Server, port: number, host: string): Promise<number> {
  server.keepAliveTimeout = 65_000;
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/**
 * HTTP, or with `security.tls` HTTPS (ZDS 1.2 asks two-way TLS: `ca` + `requireClientCert` make the handshake refuse
 * a client without a certificate the CA signed); plain HTTP then only on `security.plainHttpPort`.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const gateway = await createGateway(config);
  let stopt = false;
  const lopend = new Set<http.ServerResponse>();
  const handler = requestHandler(gateway, () => stopt);
  const servers: http.Server[] = [];
  // every answer in flight is known, so that a close can let it finish and then close its connection
  const volg = (req: http.IncomingMessage, res: http.ServerResponse) => {
    lopend.add(res);
    res.once('close', () => {
      lopend.delete(res);
      // a keep-alive connection whose answer went out before the close began is idle now
      if (stopt) setImmediate(() => servers.forEach((s) => s.closeIdleConnections()));
    });
    if (stopt) res.setHeader('connection', 'close');
    void handler(req, res);
  };
  const tls = config.security.tls;
  const server = tls
    ? https.createServer({
      cert: fs.readFileSync(tls.cert), key: fs.readFileSync(tls.key), ca: tls.ca ? fs.readFileSync(tls.ca) : undefined,
      requestCert: !!tls.ca || !!tls.requireClientCert, rejectUnauthorized: !!tls.requireClientCert,
    }, volg)
    : http.createServer(volg);
  servers.push(server);
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const port = await listen(server, config.port, config.host);
  let plainUrl: string | undefined;
  if (tls && config.security.plainHttpPort !== undefined) {
    const plain = http.createServer(volg);
    servers.push(plain);
    plainUrl = `http://${host}:${await listen(plain, config.security.plainHttpPort, config.host)}`;
  }
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${port}`, plainUrl, gateway, server,
    async close() {
      stopt = true;
      for (const res of lopend) if (!res.headersSent) res.setHeader('connection', 'close');
      await Promise.all(servers.map((s) => {
        const gesloten = new Promise<void>((resolve) => s.close(() => resolve()));
        s.closeIdleConnections();
        return gesloten;
      }));
      await gateway.close();
    },
  };
}

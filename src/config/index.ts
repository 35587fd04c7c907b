// One typed configuration: an optional JSON file (path in STUF_CONFIG) with environment variables on
// top. With nothing set at all the gateway runs on SQLite in ./data with the shipped catalogue.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDashboard, DEFAULT_DASHBOARD, type DashboardConfig } from '../dashboard/gebruikers.ts';
import { checkAbonnementen, DEFAULT_BEZORGING, type Abonnement, type Bezorging } from '../notify/abonnementen.ts';
import { checkRegels, type Regel } from '../routing/regels.ts';
import { checkAutorisatie, type Autorisatie, type Certificaten } from '../security/autorisatie.ts';

export type ValidationMode = 'strict' | 'lenient';
export type CatalogueMode = 'strict' | 'learn';
export type OudCheckMode = 'strict' | 'log';

export interface Config {
  port: number;
  host: string;
  /** `sqlite:FILE`, `sqlite::memory:` or `postgres://...` */
  databaseUrl: string;
  validation: ValidationMode;
  /** per zender applicatie (optionally `organisatie/applicatie`) */
  validationPerZender: Record<string, ValidationMode>;
  /** W kennisgevingen: an oud that differs from the stored zaak is a StUF058 fault (strict) or only logged (log) */
  oudCheck: OudCheckMode;
  /** per zender applicatie (optionally `organisatie/applicatie`), like validationPerZender */
  oudCheckPerZender: Record<string, OudCheckMode>;
  catalogue: CatalogueMode;
  catalogueFile: string;
  schemaDir: string;
  /** this gateway as a StUF system: used as zender in answers and checked as ontvanger */
  zaaksysteem: { organisatie?: string; applicatie: string };
  /** gemeentecode that starts generated identificaties */
  gemeentecode: string;
  /** template for generated identificaties: {gemeente}, {soort} (ZAK/DOC/BSL), {jaar}, {nummer} */
  identificatieFormat: string;
  /** largest request body accepted, in bytes (default: room for the largest document in base64) */
  maxBodyBytes: number;
  /** largest document content accepted, in bytes (decoded) */
  maxDocumentBytes: number;
  /** default maximumAantal when a zakLv01 gives none (XSD default) */
  defaultMaximumAantal: number;
  /** MB of zaak-vraag answers kept while the store is unchanged (SQLite; 0: none) */
  answerCacheMb: number;
  logLevel: string;
  /** on SIGTERM/SIGINT: how long in-flight messages may take before the gateway gives up and exits non-zero */
  shutdownTimeoutMs: number;
  /** sociaal domein (guide §6.3): which zaaktypen are gezinsplannen and deelplannen, and whether a creeerZaak may carry the link */
  koppeling: {
    gezinsplanZaaktypen: string[];
    deelplanZaaktypen: string[];
    deelplanViaCreeerZaak: boolean;
    /** dct.omschrijving of the documents that hold a deelplan's domain data (the opaque Wmo/Jeugdwet XML) */
    domainDataDocumenttypen: string[];
  };
  /** who receives kennisgevingen (src/notify/abonnementen.ts) */
  subscriptions: Abonnement[];
  /** how the delivery worker retries */
  delivery: Bezorging;
  /** the routing rules of the koppeling, first match wins (src/routing/regels.ts) */
  routing: Regel[];
  /** TLS and client certificates (src/http/server.ts, src/security/autorisatie.ts) */
  security: {
    /** PEM files; with them the gateway listens with HTTPS on `port` */
    tls?: { cert: string; key: string; ca?: string; requireClientCert?: boolean };
    /** with TLS, also plain HTTP on this port (development); without TLS the gateway speaks plain HTTP on `port` */
    plainHttpPort?: number;
    /** certificate subject -> zender keys it may speak for */
    certificates?: Certificaten;
  };
  /** which zender may call which operations; absent: every zender may call everything */
  authorisation?: Autorisatie;
  /**
   * one gateway for several gemeenten: each zaak, document and besluit belongs to the gemeente of the zender that
   * created it (authorisation.zenders[..].gemeente, else the zender's organisatie), and exists only for its zenders
   */
  gemeenteIsolation: boolean;
  /** the message log (table berichtenlog): with request and answer (content and BSNs masked), kept this many days */
  messageLog: { bodies: boolean; retentionDays: number };
  /** the regie dashboard's users and certificates (src/dashboard/); none: no dashboard */
  dashboard: DashboardConfig;
}

/**
 * A policy set per zender: `organisatie/applicatie` first, then `applicatie`, then the global value. An empty
 * key ('') matches a message without zender.
 */
export function perZender<T>(per: Record<string, T> | undefined, zender: { organisatie?: string; applicatie?: string } | undefined, fallback: T): T {
  return per?.[`${zender?.organisatie ?? ''}/${zender?.applicatie ?? ''}`] ?? per?.[zender?.applicatie ?? ''] ?? fallback;
}

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export const DEFAULTS: Config = {
  port: 8080,
  host: '0.0.0.0',
  databaseUrl: 'sqlite:./data/gateway.db',
  validation: 'strict',
  validationPerZender: {},
  oudCheck: 'strict',
  oudCheckPerZender: {},
  catalogue: 'strict',
  catalogueFile: path.join(projectRoot, 'fixtures/catalogue/sociaal-domein.json'),
  schemaDir: path.join(projectRoot, 'xsd'),
  zaaksysteem: { applicatie: 'ZKM' },
  gemeentecode: '0999',
  identificatieFormat: '{gemeente}{nummer}',
  maxBodyBytes: 0, // derived from maxDocumentBytes unless set
  maxDocumentBytes: 100 * 1024 * 1024,
  defaultMaximumAantal: 15,
  answerCacheMb: 32,
  logLevel: 'info',
  shutdownTimeoutMs: 10_000,
  koppeling: {
    gezinsplanZaaktypen: ['GZP'], deelplanZaaktypen: ['DP-WMO', 'DP-WWB', 'DP-SHV', 'DP-LLV'], deelplanViaCreeerZaak: true,
    domainDataDocumenttypen: ['Deelplan gegevens Wmo', 'Deelplan gegevens Participatiewet', 'Deelplan gegevens schuldhulpverlening', 'Deelplan gegevens leerlingenvervoer', 'Deelplan gegevens Jeugdwet'],
  },
  subscriptions: [],
  delivery: DEFAULT_BEZORGING,
  routing: [],
  security: {},
  messageLog: { bodies: true, retentionDays: 90 },
  gemeenteIsolation: false,
  dashboard: DEFAULT_DASHBOARD,
};

function oneOf<T extends string>(name: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined || v === '') return undefined;
  if (!allowed.includes(v as T)) throw new Error(`configuration: ${name}=${v} is not one of ${allowed.join(', ')}`);
  return v as T;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  let file: Partial<Config> = {};
  if (env.STUF_CONFIG) {
    try {
      file = JSON.parse(fs.readFileSync(env.STUF_CONFIG, 'utf8'));
    } catch (e) {
      throw new Error(`configuration: cannot read STUF_CONFIG=${env.STUF_CONFIG}: ${(e as Error).message}`);
    }
  }
  const c: Config = {
    ...DEFAULTS, ...file, zaaksysteem: { ...DEFAULTS.zaaksysteem, ...file.zaaksysteem }, koppeling: { ...DEFAULTS.koppeling, ...file.koppeling },
    delivery: { ...DEFAULTS.delivery, ...file.delivery }, security: { ...DEFAULTS.security, ...file.security },
    messageLog: { ...DEFAULTS.messageLog, ...file.messageLog },
  };
  if (env.PORT) c.port = Number(env.PORT);
  if (env.HOST) c.host = env.HOST;
  if (env.DATABASE_URL) c.databaseUrl = env.DATABASE_URL;
  c.validation = oneOf('STUF_VALIDATION', env.STUF_VALIDATION, ['strict', 'lenient'] as const) ?? c.validation;
  c.oudCheck = oneOf('STUF_OUD_CHECK', env.STUF_OUD_CHECK, ['strict', 'log'] as const) ?? c.oudCheck;
  c.catalogue = oneOf('STUF_CATALOGUE', env.STUF_CATALOGUE, ['strict', 'learn'] as const) ?? c.catalogue;
  if (env.STUF_CATALOGUE_FILE) c.catalogueFile = path.resolve(env.STUF_CATALOGUE_FILE);
  if (env.STUF_SCHEMA_DIR) c.schemaDir = path.resolve(env.STUF_SCHEMA_DIR);
  if (env.STUF_GEMEENTECODE) c.gemeentecode = env.STUF_GEMEENTECODE;
  if (env.STUF_ID_FORMAT) c.identificatieFormat = env.STUF_ID_FORMAT;
  if (env.STUF_APPLICATIE) c.zaaksysteem.applicatie = env.STUF_APPLICATIE;
  if (env.STUF_ORGANISATIE) c.zaaksysteem.organisatie = env.STUF_ORGANISATIE;
  if (env.STUF_MAX_BODY_BYTES) c.maxBodyBytes = Number(env.STUF_MAX_BODY_BYTES);
  if (env.STUF_MAX_DOCUMENT_BYTES) c.maxDocumentBytes = Number(env.STUF_MAX_DOCUMENT_BYTES);
  if (env.LOG_LEVEL) c.logLevel = env.LOG_LEVEL;
  if (env.STUF_GEMEENTE_ISOLATION) c.gemeenteIsolation = env.STUF_GEMEENTE_ISOLATION === 'true' || env.STUF_GEMEENTE_ISOLATION === '1';
  if (env.STUF_MESSAGE_LOG_DAYS) c.messageLog.retentionDays = Number(env.STUF_MESSAGE_LOG_DAYS);
  if (env.STUF_ANSWER_CACHE_MB) c.answerCacheMb = Number(env.STUF_ANSWER_CACHE_MB);
  if (env.STUF_SHUTDOWN_TIMEOUT_MS) c.shutdownTimeoutMs = Number(env.STUF_SHUTDOWN_TIMEOUT_MS);
  if (env.STUF_DELIVERY_WORKER) c.delivery.worker = env.STUF_DELIVERY_WORKER !== 'false' && env.STUF_DELIVERY_WORKER !== '0';
  Object.assign(c, overrides);
  c.subscriptions = checkAbonnementen(c.subscriptions);
  c.routing = checkRegels(c.routing, c.subscriptions);
  c.authorisation = checkAutorisatie(c.authorisation);
  c.dashboard = checkDashboard(c.dashboard, c.gemeenteIsolation);
  if (env.STUF_TLS_CERT) c.security.tls = { ...c.security.tls, cert: env.STUF_TLS_CERT, key: env.STUF_TLS_KEY ?? c.security.tls?.key ?? '' };
  if (c.security.tls && (!c.security.tls.cert || !c.security.tls.key)) throw new Error('configuration: security.tls needs cert and key (PEM files)');
  // base64 takes 4 characters per 3 bytes; 2 MiB more for the envelope and the metadata
  if (!c.maxBodyBytes) c.maxBodyBytes = Math.ceil(c.maxDocumentBytes / 3) * 4 + 2 * 1024 * 1024;
  if (!Number.isInteger(c.port) || c.port < 0) throw new Error(`configuration: PORT=${c.port} is not a port number`);
  if (!(c.answerCacheMb >= 0)) throw new Error(`configuration: answerCacheMb=${c.answerCacheMb} is not a number of MB`);
  if (!(c.shutdownTimeoutMs > 0)) throw new Error(`configuration: shutdownTimeoutMs=${c.shutdownTimeoutMs} is not a positive number of milliseconds`);
  return c;
}

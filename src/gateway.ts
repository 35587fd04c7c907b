// The transport-free core: one message in, one answer out. HTTP is an adapter (src/http/server.ts);
// tests and the benchmark can call `handle` directly.
import { createHash } from 'node:crypto';
import { perZender, type Config } from './config/index.ts';
import { Berichtenlog, zaakVanBericht } from './audit/berichtenlog.ts';
import { Logschrijver } from './audit/logschrijver.ts';
import { Catalogue, loadCatalogue, readCatalogueFile } from './domain/catalogue.ts';
import { log } from './log.ts';
import { OPERATIONS } from './operations/index.ts';
import type { Route } from './operations/registry.ts';
import { dispatch, type Endpoint } from './soap/dispatch.ts';
import { antwoordDelen, knipInhoud, type AntwoordDeel, type Uitgaand } from './soap/bijlagen.ts';
import { isMtom, leesMtom, mtomAntwoord } from './soap/mtom.ts';
import type { OperationContext } from './operations/context.ts';
import { contentTypeOf, parseEnvelope, soapActionOf, wrap, wrapFault, type SoapVersion } from './soap/envelope.ts';
import { bereikbaar, createDb, isPg, migrate, type Db } from './store/db.ts';
import { closeReader, lees, voer } from './store/lezen.ts';
import { base64Stroom, inhoudDelen } from './store/inhoud.ts';
import { transacties } from './store/transacties.ts';
import { startCheckpointer } from './store/checkpoint.ts';
import { DIALECTS } from './stuf/dialect.ts';
import { StufCode, StufError } from './stuf/errors.ts';
import { foBericht, foTypeOf, Reply } from './stuf/reply.ts';
import { readStuurgegevens, zenderKey, type Stuurgegevens, type Systeem } from './stuf/stuurgegevens.ts';
import { schemasInstalled, Validators } from './xsd/validators.ts';
import { toTree } from './xml/tree.ts';
import { hoofdzaakBuitenSchema } from './xsd/hoofdzaakInCreeerZaak.ts';
import { volg } from './notify/gebeurtenissen.ts';
import { schrijfKennisgevingen, type OutboxContext } from './notify/outbox.ts';
import { Bezorger } from './notify/bezorger.ts';
import { feitenVan, kiesRegel, openGezinsplannen, type Regel } from './routing/regels.ts';
import { doorsturen } from './routing/doorsturen.ts';
import { koppelAlsDeelplan } from './routing/deelplan.ts';
import { autoriseer } from './security/autorisatie.ts';
import { getoond, schrijfAudit, type AuditRegel } from './audit/audit.ts';
import { zonderBsn } from './audit/verhullen.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { Antwoordcache } from './operations/read/antwoordcache.ts';

export interface SoapRequest {
  endpoint: Endpoint;
  headers: { soapaction?: string | string[]; 'content-type'?: string };
  body: Buffer;
  /** subject of the client's TLS certificate (`CN=...,O=...`), when it presented a valid one */
  certificaat?: string;
}

export interface SoapResponse {
  status: number;
  contentType: string;
  body: string;
  /** set when the answer streams stored content: its pieces (body is then the text with tokens) and exact length */
  delen?: AntwoordDeel[];
  lengte?: number;
}

export interface Gateway {
  config: Config;
  db: Db;
  validators: Validators;
  berichtenlog: Berichtenlog;
  /** the delivery worker of this process (undefined without subscriptions or with delivery.worker false) */
  bezorger?: Bezorger;
  /** Prometheus metrics of this gateway (GET /metrics) */
  metrics: Metrics;
  handle(req: SoapRequest): Promise<SoapResponse>;
  /** readiness: does the database answer a trivial query, and are the schemas loaded and installed? */
  gereed(): Promise<{ database: boolean; schemas: boolean }>;
  /** records an access in the audit log (src/audit/audit.ts), committed before this resolves */
  schrijfAudit(r: AuditRegel): Promise<void>;
  /** stored content part by part, as base64 text or bytes (for answers with `delen`) */
  inhoud(inhoudId: number, vorm: 'base64' | 'binair'): AsyncIterable<string | Buffer>;
  close(): Promise<void>;
}

const ASYNC = new Set(['Lk01', 'Di01', 'Du01']);
/** How long a readiness check waits for the database (probes commonly time out after 1-2 s) */
const GEREED_TIMEOUT_MS = 2000;

export async function createGateway(config: Config): Promise<Gateway> {
  log.level = config.logLevel;
  const validators = Validators.load(config.schemaDir);
  const db = createDb(config.databaseUrl);
  await migrate(db);
  await loadCatalogue(db, readCatalogueFile(config.catalogueFile));
  const checkpointer = await startCheckpointer(db);
  const catalogue = new Catalogue(config.catalogue);
  const us: Systeem = config.zaaksysteem;

  const validationMode = (sg: Stuurgegevens) => perZender(config.validationPerZender, sg.zender, config.validation);

  const schrijf = transacties(db);
  const logschrijver = await Logschrijver.start(db);
  const berichtenlog = new Berichtenlog(db, schrijf, logschrijver);
  const outbox: OutboxContext = {
    abonnementen: config.subscriptions, catalogue, zaaksysteem: us,
    gezinsplanZaaktypen: config.koppeling.gezinsplanZaaktypen, domainDataDocumenttypen: config.koppeling.domainDataDocumenttypen,
  };
  const metrics = createMetrics(db);
  // answerCacheMb counts characters: these answers are mostly one byte per character
  const antwoorden = new Antwoordcache(config.answerCacheMb * 1024 * 1024, metrics.antwoordcache);
  const bezorger = config.subscriptions.length && config.delivery.worker ? new Bezorger(db, config.delivery, config.subscriptions, metrics.bezorging) : undefined;
  bezorger?.start();

  /** What the message log keeps to find a message by zaak (src/audit/berichtenlog.ts). */
  type Over = { zaak?: string; gemeente?: string };
  function logMessage(m: Over & { zender?: string; sg?: Stuurgegevens; route?: Route; uitkomst: string; foutcode?: string; started: number; req: SoapRequest; verzoek?: Buffer; antwoord: string }) {
    const duur = Date.now() - m.started;
    metrics.bericht(m.route?.operation, m.route?.dialect, m.uitkomst, duur / 1000);
    log.info('bericht', { dialect: m.route?.dialect, operatie: m.route?.operation, zender: m.zender, referentienummer: m.sg?.referentienummer, uitkomst: m.uitkomst, foutcode: m.foutcode, duur_ms: duur });
    berichtenlog.add({
      zender: m.zender ?? null, referentienummer: m.sg?.referentienummer?.slice(0, 80) ?? null, dialect: m.route?.dialect ?? null,
      operatie: m.route?.operation ?? null, uitkomst: m.uitkomst, foutcode: m.foutcode ?? null, duur_ms: duur, certificaat: m.req.certificaat ?? null, zaak: m.zaak, gemeente: m.gemeente,
      ...(config.messageLog.bodies ? { verzoek: (m.verzoek ?? m.req.body).toString('utf8'), antwoord: m.antwoord } : {}),
    });
  }
  const retention = () => berichtenlog.opruimen(config.messageLog.retentionDays)
    .catch((e) => log.warn('berichtenlog niet opgeruimd', { error: (e as Error).message }));
  void retention();
  const opruimer = setInterval(retention, 3600_000).unref();

  async function handle(req: SoapRequest): Promise<SoapResponse> {
    const started = Date.now();
    let version: SoapVersion = (req.headers['content-type'] ?? '').includes('application/soap+xml') ? '1.2' : '1.1';
    let sg: Stuurgegevens = {};
    let route: Route | undefined;
    let rootName: string | undefined;
    let zender: string | undefined;
    let env: ReturnType<typeof parseEnvelope> | undefined;
    let verzoek: Buffer | undefined;
    const over: Over = {};
    try {
      const mtom = isMtom(req.headers['content-type']);
      const { xml, bijlagen } = mtom ? leesMtom(req.body, req.headers['content-type']!) : knipInhoud(req.body);
      verzoek = xml;
      env = parseEnvelope(xml);
      version = env.version;
      rootName = env.body.name;
      // Stuurgegevens first: every fault after this point can address the sender and carry its crossRefnummer.
      const message = toTree(env.body);
      over.zaak = zaakVanBericht(message);
      sg = readStuurgegevens(message);
      zender = zenderKey(sg.zender);
      route = dispatch(req.endpoint, soapActionOf(req.headers), env.body.namespaceUri, env.body.name);
      // Who may do what comes before anything else looks at the message's content.
      const { gemeente } = autoriseer(sg, route.operation, {
        autorisatie: config.authorisation, zaaksysteem: us, certificaten: config.security.certificates, certificaat: req.certificaat, isolatie: config.gemeenteIsolation,
      });
      over.gemeente = gemeente;
      const hoofdzaak = hoofdzaakBuitenSchema(route, env.body, config.koppeling); // heeftAlsHoofdzaak in creeerZaak (sociaal domein)
      const errors = validators.validate(DIALECTS[route.dialect].bundle, env.body);
      if (errors.length) {
        metrics.schemafout(route.dialect, validationMode(sg));
        if (validationMode(sg) === 'strict') throw new StufError(StufCode.schema, errors[0]);
        log.warn('schemafouten genegeerd (lenient)', { operatie: route.operation, zender, fouten: errors.slice(0, 5).map(zonderBsn) });
      }
      if (hoofdzaak && validationMode(sg) === 'strict') throw hoofdzaak;
      env.doc.dispose();
      env = undefined;
      const keuze = config.routing.length ? await routeer(route, sg, message, gemeente) : undefined;
      if (keuze?.regel.action === 'refuse') {
        throw new StufError(keuze.regel.fault?.code ?? StufCode.processing, keuze.regel.fault!.text, { plek: 'client' });
      }
      if (keuze?.regel.action === 'forward') {
        const f = keuze.regel.forward!;
        const relayed = await doorsturen(f.url, req.body, req.headers, f.soapAction, f.timeoutMs ?? config.delivery.timeoutMs);
        logMessage({ ...over, zender, sg, route, uitkomst: 'doorgestuurd', started, req, verzoek, antwoord: relayed.body });
        return relayed;
      }
      const uitgaand: Uitgaand = new Map();
      const body = await process(route, sg, message, zender, gemeente, req.body, { bijlagen, uitgaand, mtom }, keuze);
      await audit(body, route, sg, req.certificaat);
      const uitkomst = body.match(/^<[^ >]*?(Bv0\d|La01|Du02)/)?.[1] ?? 'ok';
      logMessage({ ...over, zender, sg, route, uitkomst, started, req, verzoek, antwoord: body });
      const text = wrap(version, body);
      if (uitgaand.size && mtom) return { status: 200, body: text, ...mtomAntwoord(text, uitgaand, version) };
      if (uitgaand.size) return { status: 200, contentType: contentTypeOf(version), body: text, ...antwoordDelen(text, uitgaand) };
      return { status: 200, contentType: contentTypeOf(version), body: text };
    } catch (e) {
      env?.doc.dispose();
      const err = e instanceof StufError ? e : internalError(e, route);
      // A message that could not be read: its SOAPAction names the service (…_ZakLv01, …_Di02, …zakLk01).
      const type = foTypeOf(route?.berichtcode, rootName ?? soapActionOf(req.headers));
      const fout = foBericht(type, err, sg, us);
      logMessage({ ...over, zender, sg, route, uitkomst: type, foutcode: err.code, started, req, verzoek, antwoord: fout });
      return { status: 500, contentType: contentTypeOf(version), body: wrapFault(version, err.plek, err.message, fout) };
    }
  }

  // PostgreSQL: one statement, atomic by itself; a SQLite file: the log writer's worker; SQLite in memory: the group commit
  const vastleggen = (r: AuditRegel) => (isPg(db) ? schrijfAudit(db, r)
    : logschrijver?.levend ? logschrijver.audit(r) : schrijf((trx) => schrijfAudit(trx, r)));

  /** An answer that shows BSNs or documents is recorded first (src/audit/audit.ts); no record, no answer. */
  async function audit(body: string, route: Route, sg: Stuurgegevens, certificaat: string | undefined): Promise<void> {
    const g = getoond(body);
    if (!g) return;
    try {
      await vastleggen({
        zender: zenderKey(sg.zender), gebruiker: sg.zender?.gebruiker || null, certificaat: certificaat ?? null, operatie: route.operation,
        referentienummer: sg.referentienummer ?? null, ...g,
      });
    } catch (e) {
      log.error('audit niet geschreven: antwoord geweigerd', { operatie: route.operation, error: (e as Error).message });
      throw new StufError(StufCode.cannotStore, 'Het antwoord kan niet worden gegeven: de toegang kon niet worden vastgelegd', { plek: 'server' });
    }
  }

  /** The routing rule for this message (configuration `routing`), if one matches. */
  function routeer(route: Route, sg: Stuurgegevens, message: ReturnType<typeof toTree>, gemeente: string) {
    const f = feitenVan(route.operation, sg, message);
    return kiesRegel(config.routing, f, () => openGezinsplannen(db, f.bsns, config.koppeling.gezinsplanZaaktypen, gemeente));
  }

  async function process(route: Route, sg: Stuurgegevens, message: ReturnType<typeof toTree>, zender: string, gemeente: string, raw: Buffer,
    inhoud: Pick<OperationContext, 'bijlagen' | 'uitgaand' | 'mtom'>, keuze?: Awaited<ReturnType<typeof routeer>>): Promise<string> {
    const operation = OPERATIONS[route.operation];
    if (!operation) throw new StufError(StufCode.combinationUnsupported, `${route.operation} wordt door deze zaakservice (nog) niet ondersteund`, { plek: 'server' });
    const idempotent = ASYNC.has(route.berichtcode) && sg.referentienummer;
    const hash = idempotent ? createHash('sha256').update(raw).digest('hex') : '';
    if (idempotent) {
      const earlier = await verwerkt(zender, sg.referentienummer!);
      if (earlier) return retransmission(earlier, hash, sg);
    }
    const reply = new Reply(route, sg, us);
    const context = { config, catalogue, route, dialect: DIALECTS[route.dialect], stuurgegevens: sg, message, reply, zender, gemeente, antwoorden, ...inhoud };
    // A vraag only reads what is committed: no transaction (on SQLite its own read connection, store/lezen.ts).
    if (route.berichtcode === 'Lv01') return operation({ ...context, db });
    let kennisgevingen = 0;
    try {
      const answer = await schrijf(async (trx) => {
        // What the message changes is recorded (notify/gebeurtenissen.ts), for the routing rule and the outbox.
        const wijzigingen = volg(trx);
        const answer = await operation({ ...context, db: trx });
        if (keuze?.regel.action === 'linkAsDeelplan') await koppelAlsDeelplan(trx, wijzigingen, keuze.gezinsplannen ?? [], config.koppeling);
        if (keuze?.regel.subscriber) wijzigingen.extraAbonnees.add(keuze.regel.subscriber);
        kennisgevingen = outbox.abonnementen.length ? await schrijfKennisgevingen(trx, wijzigingen, outbox) : 0;
        if (idempotent) {
          await voer(trx, 'insert into verwerkt_bericht (zender, referentienummer, body_sha256, antwoord) values (?, ?, ?, ?)', [zender, sg.referentienummer!, hash, answer]);
        }
        return answer;
      });
      if (kennisgevingen) bezorger?.wek();
      return answer;
    } catch (e) {
      // A copy of the same message that was processed concurrently (or earlier in the same group commit) won:
      // this one failed on what the copy stored (unique key, zaak exists). Answer as for a retransmission.
      if (idempotent) {
        const earlier = await verwerkt(zender, sg.referentienummer!).catch(() => undefined);
        if (earlier) return retransmission(earlier, hash, sg);
      }
      throw e;
    }
  }

  async function verwerkt(zender: string, referentienummer: string): Promise<{ body_sha256: string; antwoord: string } | undefined> {
    const [row] = await lees<{ body_sha256: string; antwoord: string }>(db,
      'select body_sha256, antwoord from verwerkt_bericht where zender = ? and referentienummer = ?', [zender, referentienummer]);
    return row;
  }

  function retransmission(earlier: { body_sha256: string; antwoord: string }, hash: string, sg: Stuurgegevens): string {
    if (earlier.body_sha256 !== hash) {
      throw new StufError(StufCode.referentieNotUnique, `Referentienummer ${sg.referentienummer} is al gebruikt voor een ander bericht van deze zender`);
    }
    return earlier.antwoord;
  }

  return {
    config, db, validators, handle, berichtenlog, bezorger, metrics, schrijfAudit: vastleggen,
    gereed: async () => ({
      database: await bereikbaar(db, GEREED_TIMEOUT_MS),
      schemas: validators.compleet && schemasInstalled(config.schemaDir),
    }),
    inhoud: (inhoudId, vorm) => (vorm === 'base64' ? base64Stroom(inhoudDelen(db, inhoudId)) : inhoudDelen(db, inhoudId)),
    async close() {
      clearInterval(opruimer);
      await bezorger?.stop();
      await berichtenlog.flush();
      await logschrijver?.stop();
      closeReader(db);
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/** Anything that is not a StufError: log it, answer without internals. Database trouble is StUF046. */
function internalError(e: unknown, route: Route | undefined): StufError {
  const err = e as Error & { code?: string };
  log.error('interne fout', { operatie: route?.operation, error: err?.message, stack: err?.stack });
  const dbDown = typeof err?.code === 'string' && /^(ECONNREFUSED|ECONNRESET|57P0\d|08\d\d\d|SQLITE_BUSY|SQLITE_IOERR.*)$/.test(err.code);
  // pg reports a connection the server dropped (restart, failover) without a SQLSTATE code, only in the message
  // (knex prefixes the statement): without this a message in flight during a PostgreSQL restart got StUF058.
  const pgLost = /Connection terminated unexpectedly|Client has encountered a connection error/.test(err?.message ?? '');
  if (dbDown || pgLost || /Knex: Timeout acquiring a connection/.test(err?.message ?? '')) {
    return new StufError(StufCode.cannotStore, 'De database is tijdelijk niet bereikbaar; probeer het later opnieuw', { plek: 'server' });
  }
  return new StufError(StufCode.processing, 'Interne fout bij het verwerken van het bericht', { plek: 'server' });
}

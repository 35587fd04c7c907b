// The log writer's worker thread (src/audit/logschrijver.ts): the message log and the audit records on a connection of
// its own, one transaction for what arrived together, inside the shared write slot (src/store/schrijfslot.ts).
// Messages (an array of them per post): { t: 'log', regel } | { t: 'audit', id, regel } | { t: 'flush', id } | { t: 'stop', id }; answers:
// { t: 'klaar', ids, fout? } (audit records committed, or not, with why; flushes and stop done) and { t: 'melding', ... }.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Schrijfslot } from '../store/schrijfslot.ts';
import { AUDIT_INSERT, auditRij, bsnInsert, BERICHTENLOG_INSERT, MAX_RIJEN, MAX_TEKENS, MAX_WACHTEND, OPNIEUW_MS, rijVan, tekensVan, type AuditRegel, type BerichtenlogRegel } from './rijen.ts';

type Bericht = { t: 'log'; regel: BerichtenlogRegel } | { t: 'audit'; id: number; regel: AuditRegel } | { t: 'flush' | 'stop'; id: number };

/** How long an audit record may wait for the database (another process holding the write lock) before its answer is refused. */
const AUDIT_WACHT_MS = 5000;
const OPNIEUW_BEZET_MS = 10;
/** The longest a message-log row waits for a full batch. */
const LOG_INTERVAL_MS = 50;
/**
 * Characters of request and answer per transaction: the gateway's connection waits for the slot while the worker
 * writes, and a transaction of MAX_TEKENS (512K) held it for milliseconds (profiled: 6 % of the main thread's time
 * under creeerZaak load, 11 KB messages).
 */
const TEKENS_PER_TRANSACTIE = 128 * 1024;

const poort = parentPort!;
const { filename, slot } = workerData as { filename: string; slot: SharedArrayBuffer };
const schrijfslot = new Schrijfslot(slot);
const db = new Database(filename, { fileMustExist: true });
// never wait inside the slot: a busy database (another process) is tried again after a moment, slot released
db.pragma('busy_timeout = 0');
db.pragma('synchronous = NORMAL');
const logInsert = db.prepare(BERICHTENLOG_INSERT);
const auditInsert = db.prepare(`${AUDIT_INSERT} returning id`);
const bsnInserts = new Map<number, Database.Statement>();

let logs: BerichtenlogRegel[] = [];
let tekens = 0;
let audits: { id: number; regel: AuditRegel; sinds: number }[] = [];
let wachtend: number[] = []; // flushes, answered when what came before them is written or kept for another try
let stoppen: number | undefined;
let gestopt = false;
let gepland: NodeJS.Immediate | undefined;
let auditsOpnieuw: NodeJS.Timeout | undefined; // the database was busy: audit records tried again shortly
let logsNa: NodeJS.Timeout | undefined; // message-log rows wait for a full batch at most this long
let logsWachten = false; // the log rows failed: tried again after OPNIEUW_MS

poort.on('message', (berichten: Bericht[]) => {
  for (const m of berichten) {
    if (m.t === 'log') {
      logs.push(m.regel);
      tekens += tekensVan(m.regel);
    } else if (m.t === 'audit') audits.push({ id: m.id, regel: m.regel, sinds: Date.now() });
    else if (m.t === 'flush') wachtend.push(m.id);
    else stoppen = m.id;
  }
  plan();
});

/** After the current turn: what the main thread posted together arrives first and shares one commit. */
function plan(): void {
  gepland ??= setImmediate(schrijf);
}

function schrijf(): void {
  gepland = undefined;
  // Audit records first, in a small transaction of their own: their answers wait for them. The message log is
  // written in batches (MAX_RIJEN rows or MAX_TEKENS characters, or after LOG_INTERVAL_MS): a commit per turn for it
  // would only make the audit commits larger and every read connection's pages stale more often.
  if (!auditsOpnieuw) schrijfAudits();
  const alles = wachtend.length > 0 || stoppen !== undefined;
  if (!logsWachten && logs.length && (alles || logs.length >= MAX_RIJEN || tekens >= MAX_TEKENS)) schrijfLogs(alles);
  if (!logsWachten && logs.length && !logsNa) logsNa = setTimeout(() => { logsNa = undefined; schrijfLogs(true); }, LOG_INTERVAL_MS);
  if (!audits.length) {
    if (wachtend.length) poort.postMessage({ t: 'klaar', ids: wachtend });
    wachtend = [];
    if (stoppen !== undefined) {
      clearTimeout(logsNa);
      gestopt = true;
      if (logs.length) poort.postMessage({ t: 'melding', niveau: 'warn', tekst: 'berichtenlog bij het stoppen niet geschreven', regels: logs.length });
      db.close();
      poort.postMessage({ t: 'klaar', ids: [stoppen] });
      poort.close();
    }
  }
}

function schrijfAudits(): void {
  while (audits.length) {
    const a = audits.splice(0, MAX_RIJEN);
    const fout = transactie(() => {
      for (const { regel } of a) {
        const { id } = auditInsert.get(auditRij(regel)) as { id: number };
        if (regel.bsns.length) bsnStatement(regel.bsns.length).run(regel.bsns.flatMap((b) => [id, b]));
      }
    });
    if (!fout) {
      poort.postMessage({ t: 'klaar', ids: a.map((x) => x.id) });
      continue;
    }
    // tried again while the database is busy (another process writing), for a while; then, or on any other error,
    // refused: the main thread refuses the answer (no unlogged access)
    const bezet = isBezet(fout);
    const nu = Date.now();
    const opgeven = a.filter((x) => !bezet || nu - x.sinds > AUDIT_WACHT_MS);
    if (opgeven.length) poort.postMessage({ t: 'klaar', ids: opgeven.map((x) => x.id), fout: fout.message });
    audits.unshift(...a.filter((x) => !opgeven.includes(x)));
    if (audits.length) {
      auditsOpnieuw = setTimeout(() => { auditsOpnieuw = undefined; schrijf(); }, OPNIEUW_BEZET_MS);
      return;
    }
  }
}

/** Writes the pending message-log rows (`alles`: also a last batch that is not full). */
function schrijfLogs(alles: boolean): void {
  if (gestopt) return;
  clearTimeout(logsNa);
  logsNa = undefined;
  while (logs.length && (alles || logs.length >= MAX_RIJEN || tekens >= MAX_TEKENS)) {
    let n = 0;
    let t = 0;
    while (n < logs.length && n < MAX_RIJEN && t < TEKENS_PER_TRANSACTIE) t += tekensVan(logs[n++]);
    const rijen = logs.slice(0, n).map(rijVan); // masked outside the slot
    const fout = transactie(() => { for (const r of rijen) logInsert.run(r); });
    if (fout) {
      // kept for another try, up to a bound: the log must not take the gateway's memory while the database is away
      logsWachten = true;
      const weg = Math.max(0, logs.length - MAX_WACHTEND);
      schrap(weg);
      poort.postMessage({ t: 'melding', niveau: 'warn', tekst: 'berichtenlog niet geschreven', error: fout.message, regels: n, weggelaten: weg });
      setTimeout(() => { logsWachten = false; schrijfLogs(true); }, OPNIEUW_MS).unref();
      return;
    }
    schrap(n);
  }
}

/** Takes the first `n` rows off the pending ones. */
function schrap(n: number): void {
  for (const r of logs.splice(0, n)) tekens -= tekensVan(r);
}

const isBezet = (e: Error) => /SQLITE_BUSY|locked/i.test(`${(e as { code?: string }).code} ${e.message}`);

function bsnStatement(n: number): Database.Statement {
  let st = bsnInserts.get(n);
  if (!st) bsnInserts.set(n, (st = db.prepare(bsnInsert(n))));
  return st;
}

/** Runs `werk` in one transaction inside the write slot; the error, if it failed (nothing of it stored). */
function transactie(werk: () => void): Error | undefined {
  try {
    schrijfslot.neem();
  } catch (e) {
    return e as Error;
  }
  try {
    db.exec('begin immediate');
    try {
      werk();
      db.exec('commit');
    } catch (e) {
      if (db.inTransaction) db.exec('rollback');
      throw e;
    }
    return undefined;
  } catch (e) {
    return e as Error;
  } finally {
    schrijfslot.geef();
  }
}

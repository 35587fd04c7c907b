// The log writer's worker thread (src/audit/logschrijver.ts): the message log and the audit records on a connection of
// its own, one transaction for what arrived together, inside the shared write slot (src/store/schrijfslot.ts).
// Messages (an array of them per post): { t: 'log', regel } | { t: 'audit', id, regel } | { t: 'flush', id } | { t: 'stop', id }; answers:
// { t: 'klaar', ids, fout? } (audit records committed, or not, with why; flushes and stop done) and { t: 'melding', ... }.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { Schrijfslot } from '../store/schrijfslot.ts';
import { AUDIT_INSERT, auditRij, bsnInsert, BERICHTENLOG_INSERT, MAX_RIJEN, MAX_TEKENS, MAX_WACHTEND, OPNIEUW_MS, rijVan, type AuditRegel, type BerichtenlogRegel } from './rijen.ts';

type Bericht = { t: 'log'; regel: BerichtenlogRegel } | { t: 'audit'; id: number; regel: AuditRegel } | { t: 'flush' | 'stop'; id: number };

/** How long an audit record may wait for the database (another process holding the write lock) before its answer is refused. */
const AUDIT_WACHT_MS = 5000;
const OPNIEUW_BEZET_MS = 10;

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
let audits: { id: number; regel: AuditRegel; sinds: number }[] = [];
let wachtend: number[] = []; // flushes (and stop) answered when what came before them is written or kept
let gepland: NodeJS.Immediate | NodeJS.Timeout | undefined;
let logsWachten = false; // the log rows failed: tried again after OPNIEUW_MS
let stoppen: number | undefined;

poort.on('message', (berichten: Bericht[]) => {
  for (const m of berichten) {
    if (m.t === 'log') logs.push(m.regel);
    else if (m.t === 'audit') audits.push({ id: m.id, regel: m.regel, sinds: Date.now() });
    else if (m.t === 'flush') wachtend.push(m.id);
    else stoppen = m.id;
  }
  plan();
});

function plan(ms = 0): void {
  if (gepland) return;
  // after the current turn: what the main thread posted together arrives first and shares one commit
  gepland = ms ? setTimeout(schrijf, ms) : setImmediate(schrijf);
}

function schrijf(): void {
  gepland = undefined;
  let bezet = false;
  while (audits.length || (logs.length && !logsWachten)) {
    const a = audits.splice(0, MAX_RIJEN);
    let tekens = 0;
    let n = 0;
    if (!logsWachten) while (n < logs.length && n < MAX_RIJEN && tekens < MAX_TEKENS) tekens += (logs[n].verzoek?.length ?? 0) + (logs[n++].antwoord?.length ?? 0);
    const l = logs.slice(0, n);
    const rijen = l.map(rijVan); // masked outside the slot
    const fout = transactie(() => {
      for (const r of rijen) logInsert.run(r);
      for (const { regel } of a) {
        const { id } = auditInsert.get(auditRij(regel)) as { id: number };
        if (regel.bsns.length) bsnStatement(regel.bsns.length).run(regel.bsns.flatMap((b) => [id, b]));
      }
    });
    if (!fout) {
      logs.splice(0, n);
      if (a.length) poort.postMessage({ t: 'klaar', ids: a.map((x) => x.id) });
      continue;
    }
    bezet = /SQLITE_BUSY|locked/i.test(`${(fout as { code?: string }).code} ${fout.message}`);
    // audit records: tried again while the database is busy, for a while; then (or on any other error) refused
    const nu = Date.now();
    const opgeven = a.filter((x) => !bezet || nu - x.sinds > AUDIT_WACHT_MS);
    if (opgeven.length) poort.postMessage({ t: 'klaar', ids: opgeven.map((x) => x.id), fout: fout.message });
    audits.unshift(...a.filter((x) => !opgeven.includes(x)));
    if (n) {
      // message-log rows are kept for another try, up to a bound (the log must not take the gateway's memory)
      logsWachten = true;
      const weg = Math.max(0, logs.length - MAX_WACHTEND);
      if (weg) logs.splice(0, weg);
      poort.postMessage({ t: 'melding', niveau: 'warn', tekst: 'berichtenlog niet geschreven', error: fout.message, regels: n, weggelaten: weg });
      setTimeout(() => { logsWachten = false; plan(); }, OPNIEUW_MS).unref();
    }
    if (audits.length) {
      plan(OPNIEUW_BEZET_MS);
      break;
    }
  }
  if (!bezet || !audits.length) {
    if (wachtend.length) poort.postMessage({ t: 'klaar', ids: wachtend });
    wachtend = [];
  }
  if (stoppen !== undefined && !audits.length) {
    db.close();
    poort.postMessage({ t: 'klaar', ids: [stoppen] });
    poort.close();
  }
}

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

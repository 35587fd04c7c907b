// One transaction per message, and on SQLite one commit for the messages that arrive together (group commit).
// SQLite has one writer, so concurrent messages wait for each other anyway; what each commit costs is
// writing every touched page to the WAL (profiled: ~300 µs of a ~1.5 ms creeerZaak, more than all its
// inserts). Messages that queued up while a commit was running are executed one after the other inside one
// transaction, each in its own SAVEPOINT: a failing message is rolled back to its savepoint alone, the others
// commit together, and no message is answered before the commit that holds it. On PostgreSQL every message
// has its own transaction: concurrency comes from the server.
import type { Knex } from 'knex';
import { isPg } from './db.ts';
import { bindTransactie, voer } from './lezen.ts';

export type Werk<T> = (trx: Knex.Transaction) => Promise<T>;
export type Transacties = <T>(werk: Werk<T>) => Promise<T>;

/** Bounds the latency a message can gain from waiting for the others in its group. */
const MAX_GROEP = 32;

interface Wachtend {
  werk: Werk<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

type Uitkomst = { ok: true; v: unknown } | { ok: false; e: unknown };

export function transacties(db: Knex): Transacties {
  if (isPg(db)) return (werk) => db.transaction(werk);
  const rij: Wachtend[] = [];
  let bezig = false;

  async function verwerk(): Promise<void> {
    while (rij.length) {
      const groep = rij.splice(0, MAX_GROEP);
      const uitkomsten: Uitkomst[] = [];
      try {
        await db.transaction(async (trx) => {
          await bindTransactie(trx);
          if (groep.length === 1) {
            uitkomsten.push({ ok: true, v: await groep[0].werk(trx) });
            return;
          }
          // The savepoints are plain SQL on the bound connection: a knex nested transaction per message cost more
          // than the small messages' own statements. The messages share the group's trx, one after the other.
          for (const w of groep) {
            await voer(trx, 'savepoint bericht', []);
            try {
              const v = await w.werk(trx);
              await voer(trx, 'release bericht', []);
              uitkomsten.push({ ok: true, v });
            } catch (e) {
              await voer(trx, 'rollback to bericht', []);
              await voer(trx, 'release bericht', []);
              uitkomsten.push({ ok: false, e });
            }
          }
        });
      } catch (e) {
        // Not committed: nothing of the group is stored. A message's own error is the better answer.
        groep.forEach((w, i) => w.reject(uitkomsten[i] && !uitkomsten[i].ok ? (uitkomsten[i] as { e: unknown }).e : e));
        continue;
      }
      groep.forEach((w, i) => {
        const u = uitkomsten[i];
        if (u.ok) w.resolve(u.v);
        else w.reject(u.e);
      });
    }
    bezig = false;
  }

  return <T>(werk: Werk<T>) => new Promise<T>((resolve, reject) => {
    rij.push({ werk, resolve: resolve as (v: unknown) => void, reject });
    if (bezig) return;
    // Start after the current I/O phase: the requests that phase delivered all reach this queue first.
    // (better-sqlite3 is synchronous, so a transaction runs to its commit within microtasks; without this
    // deferral no other message could ever join it.)
    bezig = true;
    setImmediate(() => void verwerk());
  });
}

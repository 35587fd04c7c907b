// Fault case 4: PostgreSQL restarted under load. A gateway on a private PostgreSQL instance (test/fault/postgres.ts;
// the machine's server is never restarted) serves a steady load of creeerZaak and geefZaakdetails; the instance is
// stopped (fast), left down for a few seconds and started again. Messages in flight or sent while it is down get a
// StUF046 fault (database unreachable) within a bound: no hang, no crash, no HTTP answer without a StUF fault. After
// the restart the same gateway process answers correctly again. PostgreSQL pass only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { A12 } from '../src/stuf/dialect.ts';
import { geefZaakdetails12, seedCreeerZaak12 } from '../bench/messages.ts';
import { uniqueId } from './helpers.ts';
import { alleenPostgres, isBv03, opzet, perWaarde, stuur, telling, wachtOp, type Antwoord } from './fault/opzet.ts';
import { eigenPostgres } from './fault/postgres.ts';

const WORKERS = 8;
const DOWN_MS = 4000;
/** an answer within this bound, or the case fails (a hang) */
const ANTWOORD_BINNEN = 20_000;
/** recovered: this many correct answers in a row after the restart */
const HERSTELD = 100;

const CREEER = `${A12}creeerZaak_ZakLk01`;
const GEEF = `${A12}geefZaakdetails_ZakLv01`;

interface Uitkomst { soort: 'creeerZaak' | 'geefZaakdetails'; verstuurd: number; klaar: number; a: Antwoord; goed: boolean }

const skip = alleenPostgres('restarts a PostgreSQL server of its own');

describe('fault 4: PostgreSQL restarted during load', () => {
  it('faults while it is down, correct answers after, the gateway never restarted', { skip, timeout: 240_000 }, async () => {
    const pg = await eigenPostgres();
    const o = await opzet('pg-herstart', pg.url);
    try {
      const gw = await o.start('gateway');
      const zaken: string[] = [];
      const uitkomsten: Uitkomst[] = [];
      let stoppen = false;
      let n = 0;
      const worker = async () => {
        while (!stoppen) {
          const lezen = n++ % 2 === 1 && zaken.length > 0;
          const id = lezen ? zaken[Math.floor(Math.random() * zaken.length)] : uniqueId('0999P');
          const verstuurd = Date.now();
          const a = lezen ? await stuur(gw.soap, GEEF, geefZaakdetails12(id, uniqueId('R')), ANTWOORD_BINNEN)
            : await stuur(gw.soap, CREEER, seedCreeerZaak12(id, uniqueId('R')), ANTWOORD_BINNEN);
          const goed = lezen ? a.status === 200 && a.text.includes(`BENCH-${id}`) : isBv03(a);
          if (goed && !lezen) zaken.push(id);
          uitkomsten.push({ soort: lezen ? 'geefZaakdetails' : 'creeerZaak', verstuurd, klaar: Date.now(), a, goed });
        }
      };
      const load = Promise.all(Array.from({ length: WORKERS }, worker));
      const oks = () => uitkomsten.filter((u) => u.goed).length;
      try {
        await wachtOp('load before the restart', async () => (oks() >= 100 ? true : undefined), 60_000);
        const stopBegin = Date.now();
        let down = 0;
        await pg.herstart(DOWN_MS, () => (down = Date.now()));
        const weerOp = Date.now();
        // recovered: HERSTELD correct answers in a row among those sent after the server was back
        await wachtOp('correct answers after the restart', async () => {
          const na = uitkomsten.filter((u) => u.verstuurd >= weerOp);
          return na.length >= HERSTELD && na.slice(-HERSTELD).every((u) => u.goed) ? true : undefined;
        }, 60_000);
        stoppen = true;
        await load;

        const voor = uitkomsten.filter((u) => u.klaar < stopBegin);
        const tijdens = uitkomsten.filter((u) => u.klaar >= stopBegin && u.verstuurd < weerOp);
        const na = uitkomsten.filter((u) => u.verstuurd >= weerOp);
        const fout = (l: Uitkomst[]) => l.filter((u) => !u.goed);
        telling('4 PostgreSQL restarted during load', {
          'ok before': voor.filter((u) => u.goed).length, 'in flight or sent while down': tijdens.length,
          'ok during': tijdens.filter((u) => u.goed).length, 'faults during': perWaarde(fout(tijdens).map((u) => u.a.code ?? u.a.fout)),
          'down ms': weerOp - down, 'ok after': na.filter((u) => u.goed).length, 'faults after': perWaarde(fout(na).map((u) => u.a.code ?? u.a.fout)),
          'slowest answer ms': Math.max(...uitkomsten.map((u) => u.klaar - u.verstuurd)),
        });
        const zonderFout = uitkomsten.filter((u) => !u.goed && !(u.a.status === 500 && u.a.code === 'StUF046'));
        assert.deepEqual(zonderFout.map((u) => `${u.soort}: ${u.a.status} ${u.a.code ?? u.a.fout ?? u.a.text.slice(0, 300)}`), [],
          `every answer that is not correct is a StUF046 fault (no hang, no crash, no bare HTTP error); gateway log:\n${o.log(gw)}`);
        assert.deepEqual(fout(voor).length, 0, 'correct answers before the restart');
        assert.ok(fout(tijdens).length > 0, 'messages sent while the server was down got faults');
        assert.equal(gw.proc.exitCode, null, 'the gateway process is still running');
      } finally {
        stoppen = true;
        await load;
      }
    } finally {
      await o.close();
      await pg.weg();
    }
  });
});

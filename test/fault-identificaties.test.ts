// Fault case 2: three gateway processes on one PostgreSQL hand out identificaties at the same time: 3,000
// genereerZaakIdentificatie and genereerDocumentIdentificatie, mixed and spread over the three, 600 in flight. The counter row is
// incremented in the message's transaction and every identificatie is reserved (store/identificaties.ts), so no two
// answers carry the same one, across processes and across soorten. PostgreSQL only: SQLite is one process.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { textOf } from './helpers.ts';
import { genereerDi02 } from './messages.ts';
import { alleenPostgres, opzet, parallel, perWaarde, stuur, telling, type Gateway, type Opzet } from './fault/opzet.ts';

const PROCESSEN = 3;
const AANTAL = 3000;
/** requests in flight at once, over the three processes (fetch opens a connection per request) */
const IN_FLIGHT = 600;
/**
 * The bound on one request. The counter rows serialise the requests, so with 600 in flight one waits for those ahead
 * of it: measured up to 13 s on the shared 2-core machine (load 10); a hang still fails the case.
 */
const TIMEOUT_MS = 60_000;

const skip = alleenPostgres('several gateway processes share one database');

describe('fault 2: three gateway processes on one PostgreSQL, 3,000 concurrent identificaties', () => {
  let o: Opzet;
  let gateways: Gateway[];
  before(async () => {
    if (skip) return;
    o = await opzet('identificaties');
    gateways = await Promise.all(Array.from({ length: PROCESSEN }, (_, i) => o.start(`gateway-${i + 1}`)));
  });
  after(async () => o?.close());

  it('every identificatie is unique', { skip, timeout: 180_000 }, async () => {
    const verzoeken = Array.from({ length: AANTAL }, (_, i) => ({ proces: i % PROCESSEN, soort: (i * 7) % 3 ? 'Zaak' as const : 'Document' as const }));
    let traagste = 0;
    const antwoorden = await parallel(verzoeken, IN_FLIGHT, async (v) => {
      const m = genereerDi02(v.soort);
      const t0 = performance.now();
      const a = await stuur(gateways[v.proces].soap, m.action, m.xml, TIMEOUT_MS);
      traagste = Math.max(traagste, performance.now() - t0);
      return { ...v, status: a.status, code: a.code ?? a.fout, identificatie: a.status === 200 ? textOf(a.text, 'identificatie') : undefined };
    });
    const ids = antwoorden.map((a) => a.identificatie).filter((i): i is string => !!i);
    const dubbel = ids.length - new Set(ids).size;
    const perProces = gateways.map((_, p) => antwoorden.filter((a) => a.proces === p && a.identificatie).length);
    const fouten = antwoorden.filter((a) => !a.identificatie);
    telling('2 three processes, genereer*Identificatie', {
      requests: AANTAL, 'zaak / document': `${antwoorden.filter((a) => a.soort === 'Zaak').length} / ${antwoorden.filter((a) => a.soort === 'Document').length}`,
      'in flight': IN_FLIGHT, 'answered per process': perProces.join(' / '), 'slowest answer': `${(traagste / 1000).toFixed(1)} s`, identificaties: ids.length, unique: new Set(ids).size, duplicates: dubbel, failed: perWaarde(fouten.map((f) => f.code)),
    });
    assert.deepEqual(fouten.map((f) => `${f.status} ${f.code}`), [], 'every request gets a Du02');
    assert.equal(dubbel, 0);
    assert.equal(ids.length, AANTAL);
  });
});

// Fault case 5: an abonnee down for 60 s while zaken change, then back. The kennisgevingen are in the outbox with the
// changes that caused them; the delivery worker retries with backoff and keeps the order per zaak (src/notify/). Once
// the abonnee is back every kennisgeving is delivered, none twice, in order per zaak. The backoff is capped at 5 s
// (delivery.maxDelayMs 5000, baseDelayMs 500), so after the recovery the worker is back within 5 s; maxAttempts is
// high enough that nothing becomes a dead letter in the minute down.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Bezorging } from '../src/notify/abonnementen.ts';
import type { OutboxRow } from '../src/notify/outbox.ts';
import { uniqueId } from './helpers.ts';
import { creeer, geenStatus, id, kennisgeving, status, zak, type Msg } from './messages.ts';
import { Ontvanger } from './koppeling/ontvanger.ts';
import { isBv03, opzet, stuur, telling, wachtOp, type Opzet } from './fault/opzet.ts';

const DOWN_MS = 60_000;
const ZAKEN = 4;
/** seconds between the rounds of changes, all while the abonnee is down */
const RONDE_MS = 8000;
const DELIVERY: Bezorging = { maxAttempts: 1000, baseDelayMs: 500, maxDelayMs: 5000, timeoutMs: 5000, pollMs: 200, worker: true };

/** The changes of one zaak, each causing one zakLk01: created (T), three statussen and an attribute change (W). */
function wijzigingen(zaakId: string): Msg[] {
  const actualiseer = (volgnummer: number, omschrijving: string, gezet: string) =>
    kennisgeving('actualiseerZaakstatus', '1.2', 'W', zak(`${id(zaakId)}${geenStatus}`) + zak(`${id(zaakId)}${status(volgnummer, omschrijving, gezet)}`));
  return [
    creeer(zaakId, '999999990'),
    actualiseer(2, 'Plan in opstelling', '20240320100000'),
    actualiseer(3, 'Plan vastgesteld', '20240321100000'),
    kennisgeving('updateZaak', '1.2', 'W', zak(`${id(zaakId)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>`) + zak(`${id(zaakId)}<ZKN:omschrijving>Gezinsplan herzien</ZKN:omschrijving>`)),
    actualiseer(4, 'Plan in uitvoering', '20240322100000'),
  ];
}

describe('fault 5: a notification subscriber down for 60 s, then back', () => {
  let o: Opzet;
  const abonnee = new Ontvanger('ABONNEE');
  before(async () => {
    o = await opzet('abonnee');
    await abonnee.up();
  });
  after(async () => {
    await abonnee.down();
    await o?.close();
  });

  it('after it is back every kennisgeving is delivered, none twice, in order per zaak', { timeout: 240_000 }, async () => {
    const gw = await o.start('gateway', { config: { subscriptions: [{ name: 'ABONNEE', url: abonnee.url }], delivery: DELIVERY } });
    await abonnee.down();
    const neer = Date.now();
    const zaken = Array.from({ length: ZAKEN }, () => uniqueId('0999A'));
    const rondes = zaken.map(wijzigingen);
    for (let r = 0; r < rondes[0].length; r++) {
      if (r) await new Promise((res) => setTimeout(res, RONDE_MS));
      for (const m of rondes.map((z) => z[r])) {
        const a = await stuur(gw.soap, m.action, m.xml);
        assert.ok(isBv03(a), `round ${r}: ${a.status} ${a.code ?? a.fout}`);
      }
    }
    const outbox = () => o.db()<OutboxRow>('outbox').orderBy('id');
    const pogingenTijdensStoring = (await outbox()).reduce((n, r) => n + Number(r.pogingen), 0);
    await new Promise((res) => setTimeout(res, Math.max(0, neer + DOWN_MS - Date.now())));
    await abonnee.up();
    const op = Date.now();
    const rows = await wachtOp('every kennisgeving delivered', async () => {
      const r = await outbox();
      return r.length && r.every((e) => e.toestand === 'bezorgd') ? r : undefined;
    }, 60_000, 200);
    const hersteld = Date.now() - op;
    await new Promise((res) => setTimeout(res, 2000)); // a duplicate would arrive now

    const idVan = new Map(rows.map((r) => [r.referentienummer, r]));
    const refs = abonnee.ontvangen.map((m) => m.referentienummer);
    const dubbel = refs.length - new Set(refs).size;
    const perZaak = new Map<string, number[]>();
    for (const ref of refs) {
      const r = idVan.get(ref);
      if (r) perZaak.set(r.zaak_identificatie!, [...(perZaak.get(r.zaak_identificatie!) ?? []), Number(r.id)]);
    }
    const uitVolgorde = [...perZaak.values()].filter((ids) => ids.some((v, i) => i > 0 && v < ids[i - 1])).length;
    const soorten = zaken.map((z) => abonnee.ontvangen.filter((m) => idVan.get(m.referentienummer)?.zaak_identificatie === z)
      .map((m) => m.body.match(/<StUF:mutatiesoort>(\w)</)?.[1]).join(''));
    telling('5 abonnee down 60 s', {
      zaken: ZAKEN, written: rows.length, delivered: new Set(refs).size, duplicates: dubbel, 'zaken out of order': uitVolgorde,
      attempts: rows.reduce((n, r) => n + Number(r.pogingen), 0), 'attempts while down': pogingenTijdensStoring, 'down s': (op - neer) / 1000,
      'all delivered s after recovery': (hersteld / 1000).toFixed(1), backoff: `base ${DELIVERY.baseDelayMs} ms, cap ${DELIVERY.maxDelayMs} ms`,
    });
    assert.equal(rows.length, ZAKEN * rondes[0].length, 'one kennisgeving per change');
    assert.ok(pogingenTijdensStoring > 0, 'the worker tried while the abonnee was down');
    assert.equal(dubbel, 0, 'none twice');
    assert.deepEqual(refs.filter((r) => !idVan.has(r)), [], 'only kennisgevingen of the outbox arrive');
    assert.equal(new Set(refs).size, rows.length, 'every kennisgeving delivered');
    assert.equal(uitVolgorde, 0, 'in order per zaak');
    assert.deepEqual(soorten, zaken.map(() => 'TWWWW'), 'per zaak the T first, then the W of each change');
  });
});

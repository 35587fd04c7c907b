// Fault case 6: retransmissions during load. While a load of distinct creeerZaak and actualiseerZaakstatus messages
// runs, some of them are sent again as they were (same zender, referentienummer and body): three copies together
// with the original, two more after the load. Each is applied once (zaken and statussen counted in the store), and
// every copy gets the same Bv03 as the original (the message log, verwerkt_bericht; a copy that races its original
// is answered from the log when it fails on what the original stored). A copy with the same referentienummer and
// another body is StUF016 and changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { A12 } from '../src/stuf/dialect.ts';
import { seedCreeerZaak12 } from '../bench/messages.ts';
import { uniqueId } from './helpers.ts';
import { geenStatus, id, kennisgeving, status, zak } from './messages.ts';
import { aantal, isBv03, opzet, parallel, perWaarde, stuur, telling, type Antwoord, type Opzet } from './fault/opzet.ts';

const EERSTE = 200; // creeerZaak, then an actualiseerZaakstatus on each of these zaken
const LATER = 100; // creeerZaak of new zaken, mixed with the actualiseerZaakstatus
const ELKE = 10; // every 10th message is retransmitted
const SAMEN = 3; // copies sent together with the original
const NA = 2; // copies after the load
const IN_FLIGHT = 32;

const CREEER = `${A12}creeerZaak_ZakLk01`;

interface Bericht { ref: string; action: string; xml: string; zaak: string; /** the same referentienummer with another body */ anders: string }

function creeerZaak(): Bericht {
  const zaak = uniqueId('0999H');
  const ref = uniqueId('R');
  const xml = seedCreeerZaak12(zaak, ref);
  return { ref, action: CREEER, xml, zaak, anders: xml.replace('Gezinsplan familie Jansen', 'Gezinsplan familie Pietersen') };
}

function actualiseer(zaak: string): Bericht {
  const m = kennisgeving('actualiseerZaakstatus', '1.2', 'W', zak(`${id(zaak)}${geenStatus}`) + zak(`${id(zaak)}${status(2, 'Plan in opstelling', '20240320100000')}`));
  return { ...m, zaak, anders: m.xml.replace('20240320100000', '20240321100000') };
}

describe('fault 6: retransmissions during load', () => {
  let o: Opzet;
  before(async () => {
    o = await opzet('retransmissie');
  });
  after(async () => o?.close());

  it('each message applied once, every copy the same Bv03, another body with the same referentienummer StUF016', { timeout: 240_000 }, async () => {
    const gw = await o.start('gateway');
    const herhaald = new Set<Bericht>();
    const antwoorden = new Map<Bericht, Antwoord[]>();
    /** the messages of one load, each retransmitted one followed by its copies (so they are in flight together) */
    async function laad(berichten: Bericht[]) {
      const rij = berichten.flatMap((b, i) => {
        if (i % ELKE) return [b];
        herhaald.add(b);
        return Array(1 + SAMEN).fill(b) as Bericht[];
      });
      await parallel(rij, IN_FLIGHT, async (b) => {
        const a = await stuur(gw.soap, b.action, b.xml);
        antwoorden.set(b, [...(antwoorden.get(b) ?? []), a]);
      });
    }
    const eerste = Array.from({ length: EERSTE }, creeerZaak);
    await laad(eerste);
    const later = Array.from({ length: LATER }, creeerZaak);
    // actualiseerZaakstatus on the first zaken, with new zaken in between
    await laad(eerste.map((b) => actualiseer(b.zaak)).flatMap((b, i) => (i % 2 ? [b] : [b, later[i / 2]])));
    for (let k = 0; k < NA; k++) {
      await parallel([...herhaald], IN_FLIGHT, async (b) => {
        antwoorden.get(b)!.push(await stuur(gw.soap, b.action, b.xml));
      });
    }
    const anders = [...herhaald].filter((_, i) => i % 2 === 0);
    const andersAntwoord = await parallel(anders, IN_FLIGHT, (b) => stuur(gw.soap, b.action, b.anders));

    const alle = [...antwoorden.values()].flat();
    const mislukt = alle.filter((a) => !isBv03(a));
    const zelfde = [...herhaald].filter((b) => new Set(antwoorden.get(b)!.map((a) => a.text)).size === 1);
    const zaken = [...eerste, ...later].map((b) => b.zaak);
    const db = o.db();
    const opgeslagen = await db('zaak').whereIn('identificatie', zaken).select('id', 'identificatie', 'omschrijving');
    const statussen = new Map<string, number>((await db('status').join('zaak', 'zaak.id', 'status.zaak_id').whereIn('zaak.identificatie', zaken)
      .groupBy('zaak.identificatie').select('zaak.identificatie').count({ n: '*' }) as { identificatie: string; n: number | string }[]).map((r) => [r.identificatie, Number(r.n)]));
    const verwacht = (z: string) => (eerste.some((b) => b.zaak === z) ? 2 : 1);
    const tweemaal = zaken.filter((z) => statussen.get(z) !== verwacht(z));
    const kenmerken = await aantal(db, 'zaak_kenmerk');
    const log = await aantal(db, 'verwerkt_bericht');
    telling('6 retransmissions during load', {
      'distinct messages': antwoorden.size, 'retransmitted': herhaald.size, 'copies together with the original': herhaald.size * SAMEN, 'copies after': herhaald.size * NA,
      'answers not Bv03': perWaarde(mislukt.map((a) => a.code ?? a.fout)), 'retransmitted with the same Bv03 every time': `${zelfde.length} of ${herhaald.size}`,
      'zaken stored': `${opgeslagen.length} of ${zaken.length}`, statussen: [...statussen.values()].reduce((a, b) => a + b, 0), 'applied twice': tweemaal.length,
      'message-log rows': log, 'other body, same referentienummer': perWaarde(andersAntwoord.map((a) => a.code ?? String(a.status))),
    });
    assert.deepEqual(mislukt.map((a) => `${a.status} ${a.code ?? a.fout}`), [], 'every message and copy gets a Bv03');
    assert.equal(zelfde.length, herhaald.size, 'every copy gets the same Bv03 as its original');
    assert.equal(opgeslagen.length, zaken.length, 'one zaak per creeerZaak');
    assert.deepEqual(tweemaal, [], 'each status once');
    assert.equal(kenmerken, zaken.length, 'each zaak\'s kenmerk once');
    assert.equal(log, antwoorden.size, 'one message-log row per distinct message');
    assert.deepEqual(andersAntwoord.map((a) => `${a.status} ${a.code}`), anders.map(() => '500 StUF016'));
    assert.ok(opgeslagen.every((z: { omschrijving: string }) => z.omschrijving === 'Gezinsplan familie Jansen'), 'StUF016 changed nothing');
    assert.equal([...statussen.values()].reduce((a, b) => a + b, 0), EERSTE * 2 + LATER, 'StUF016 added no status');
  });
});

// Fault case 3: N updateZaak messages built on the same oud (the stored zaak), each with another nieuw value, sent
// at once to a gateway process. The oud is compared inside the message's transaction and the update is guarded by
// the zaak's versie (store/zaken.ts), so exactly one is applied, the others get StUF058, and the stored zaak has the
// winner's value: no lost update.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { uniqueId } from './helpers.ts';
import { creeer, id, kennisgeving, zak } from './messages.ts';
import { isBv03, opzet, perWaarde, stuur, telling, type Opzet } from './fault/opzet.ts';

const N = 20;

describe('fault 3: concurrent updateZaak built on the same oud', () => {
  let o: Opzet;
  before(async () => {
    o = await opzet('oud');
  });
  after(async () => o?.close());

  it(`${N} at once: exactly one Bv03, the others StUF058, the winner's value stored`, { timeout: 120_000 }, async () => {
    const gw = await o.start('gateway');
    const zaakId = uniqueId('0999U');
    const c = creeer(zaakId, '999999990');
    assert.ok(isBv03(await stuur(gw.soap, c.action, c.xml)));
    const updates = Array.from({ length: N }, (_, n) => kennisgeving('updateZaak', '1.2', 'W',
      zak(`${id(zaakId)}<ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>`) + zak(`${id(zaakId)}<ZKN:omschrijving>Versie ${n + 1}</ZKN:omschrijving>`)));
    const antwoorden = await Promise.all(updates.map((u) => stuur(gw.soap, u.action, u.xml)));
    const winnaars = antwoorden.flatMap((a, n) => (isBv03(a) ? [n + 1] : []));
    const fouten = antwoorden.filter((a) => !isBv03(a));
    const z = await o.db()('zaak').where({ identificatie: zaakId }).first('omschrijving', 'versie');
    telling('3 concurrent updateZaak on one oud', {
      sent: N, successes: winnaars.length, faults: perWaarde(fouten.map((a) => a.code ?? a.fout)), stored: `"${z.omschrijving}" (versie ${z.versie})`,
    });
    assert.equal(winnaars.length, 1, antwoorden.map((a) => `${a.status} ${a.code ?? a.fout ?? ''}`).join('\n'));
    assert.deepEqual(fouten.map((a) => `${a.status} ${a.code}`), Array(N - 1).fill('500 StUF058'));
    assert.equal(z.omschrijving, `Versie ${winnaars[0]}`, 'the stored zaak has the winner\'s value');
    assert.equal(Number(z.versie), 2, 'updated once');
  });
});

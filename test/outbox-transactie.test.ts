// The outbox is written in the message's transaction (issue #5; process() in src/gateway.ts: the operation, the
// routing rule's koppelAlsDeelplan, schrijfKennisgevingen, verwerkt_bericht, then the commit). A message that fails
// after its zaak change was applied in that transaction leaves neither the change nor an outbox entry; a message that
// succeeds has its outbox entries committed with it (there when its Bv03 arrives). Failures are injected with a
// database trigger on the outbox and on verwerkt_bericht (SQLite and PostgreSQL), restricted to this test's zaken.
// The delivery worker is off: entries stay in the outbox as written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from '../src/http/server.ts';
import { lijst } from '../src/notify/outbox.ts';
import { isPg } from '../src/store/db.ts';
import { findZaak } from '../src/store/zaken.ts';
import { assertValidAnswer, faultCode, freshDatabase, post, startTestServer, textOf, uniqueId } from './helpers.ts';
import { creeer, geenStatus, id, kennisgeving, status, zak, type Msg } from './messages.ts';

const bsn = () => String(100000000 + Math.floor(Math.random() * 899999999)).slice(0, 9);

/** Zaken (outbox) and referentienummers (verwerkt_bericht) with these prefixes make their insert fail. */
const KAPOT_ZAAK = '0999KAPOT';
const KAPOT_REF = 'KAPOT';

async function installeerStoringen(db: RunningServer['gateway']['db']): Promise<void> {
  const outbox = `NEW.zaak_identificatie LIKE '${KAPOT_ZAAK}%' AND NEW.gebeurtenissen LIKE '%statusChanged%'`;
  const verwerkt = `NEW.referentienummer LIKE '${KAPOT_REF}%'`;
  if (isPg(db)) {
    await db.raw("CREATE FUNCTION test_storing() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'storing (test): insert into %', TG_TABLE_NAME; END $$");
    await db.raw(`CREATE TRIGGER outbox_storing BEFORE INSERT ON outbox FOR EACH ROW WHEN (${outbox}) EXECUTE FUNCTION test_storing()`);
    await db.raw(`CREATE TRIGGER verwerkt_storing BEFORE INSERT ON verwerkt_bericht FOR EACH ROW WHEN (${verwerkt}) EXECUTE FUNCTION test_storing()`);
  } else {
    await db.raw(`CREATE TRIGGER outbox_storing BEFORE INSERT ON outbox WHEN ${outbox} BEGIN SELECT RAISE(ABORT, 'storing (test): insert into outbox'); END`);
    await db.raw(`CREATE TRIGGER verwerkt_storing BEFORE INSERT ON verwerkt_bericht WHEN ${verwerkt} BEGIN SELECT RAISE(ABORT, 'storing (test): insert into verwerkt_bericht'); END`);
  }
}

describe('the outbox in the message transaction', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  const db = () => srv.gateway.db;

  before(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    srv = await startTestServer({ DATABASE_URL: fresh.url }, {
      // every change of every zaak is a kennisgeving for ALLES; nobody delivers them
      subscriptions: [{ name: 'ALLES', url: 'http://127.0.0.1:9/ontvang' }],
      delivery: { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 5000, timeoutMs: 5000, pollMs: 1000, worker: false },
      routing: [{ name: 'deelplan koppelen', match: { operations: ['creeerZaak'], zaaktypen: ['DP-WMO'], personInGezinsplan: true }, action: 'linkAsDeelplan' }],
    });
    assert.equal(srv.gateway.bezorger, undefined, 'no delivery worker');
    await installeerStoringen(db());
  });
  after(async () => {
    await srv?.close();
    await drop?.();
  });

  async function send(m: Msg) {
    const a = await post(`${srv.url}/zds/1.2/OntvangAsynchroon`, m.action, m.xml);
    assertValidAnswer(srv, a.text, 'zds-1.2');
    return { status: a.status, code: faultCode(a.text), details: textOf(a.text, 'details') ?? '' };
  }
  async function ok(m: Msg) {
    const a = await send(m);
    assert.equal(a.status, 200, `${a.code}: ${a.details}`);
  }
  const outbox = (zaak: string) => lijst(db(), { zaak });
  const totaal = async () => Number((await db()('outbox').count({ n: '*' }).first())!.n);
  const verwerkt = (ref: string) => db()('verwerkt_bericht').where({ referentienummer: ref }).first();
  const zetStatus = (z: string, volgnummer: number, naam: string, gezet: string) => kennisgeving('actualiseerZaakstatus', '1.2', 'W',
    zak(`${id(z)}${geenStatus}`) + zak(`${id(z)}${status(volgnummer, naam, gezet)}`));
  const statussen = async (z: string) => {
    const row = await findZaak(db(), z, '');
    return db()('status').where({ zaak_id: row!.id }).orderBy('volgnummer').pluck('volgnummer');
  };

  it('linkAsDeelplan fails (StUF058) after the operation stored the deelplan: no zaak, no link, no outbox entry', async () => {
    const persoon = bsn();
    const [g1, g2] = [uniqueId('0999G'), uniqueId('0999G')];
    await ok(creeer(g1, persoon));
    await ok(creeer(g2, persoon)); // the person is now in two open gezinsplannen: the rule cannot choose
    const voor = { totaal: await totaal(), links: await db()('zaak_zaak').count({ n: '*' }).first() };
    const deelplan = uniqueId('0999D');
    const m = creeer(deelplan, persoon, { zaaktype: 'DP-WMO', omschrijving: 'Deelplan Wmo' });
    const a = await send(m);
    assert.equal(a.status, 500);
    assert.equal(a.code, 'StUF058', a.details);
    assert.match(a.details, /meer dan één open gezinsplan/, 'the failure is the routing rule, after the operation');
    assert.equal(await findZaak(db(), deelplan, ''), undefined, 'the deelplan the operation stored is gone');
    assert.deepEqual(await outbox(deelplan), [], 'no outbox entry for the deelplan');
    assert.equal(await totaal(), voor.totaal, 'no outbox entry at all');
    assert.deepEqual(await db()('zaak_zaak').count({ n: '*' }).first(), voor.links);
    assert.equal(await verwerkt(m.ref), undefined, 'not recorded as processed');
  });

  it('writing the outbox fails after the status was stored: neither the status nor any outbox entry stays', async () => {
    const z = uniqueId(KAPOT_ZAAK);
    await ok(creeer(z, bsn()));
    const [t] = await outbox(z);
    assert.equal(t?.gebeurtenissen, 'zaakCreated', 'the creation has its entry');
    const voor = { zaak: await findZaak(db(), z, ''), totaal: await totaal() };
    const m = zetStatus(z, 2, 'Plan in opstelling', '20240320143000');
    const a = await send(m);
    assert.equal(a.status, 500);
    assert.equal(a.code, 'StUF058', a.details);
    assert.deepEqual(await statussen(z), [], 'the status is not stored');
    assert.deepEqual(await findZaak(db(), z, ''), voor.zaak, 'the zaak is unchanged');
    assert.deepEqual((await outbox(z)).map((e) => e.id), [t.id], 'only the entry of the creation');
    assert.equal(await totaal(), voor.totaal);
    assert.equal(await verwerkt(m.ref), undefined);
  });

  it('recording the message as processed fails after the outbox was written: neither the zaak nor its outbox entry stays', async () => {
    const z = uniqueId('0999Z');
    const m = creeer(z, bsn());
    const ref = uniqueId(KAPOT_REF);
    const kapot = { ...m, xml: m.xml.replace(m.ref, ref), ref };
    const voor = await totaal();
    const a = await send(kapot);
    assert.equal(a.status, 500);
    assert.equal(a.code, 'StUF058', a.details);
    assert.equal(await findZaak(db(), z, ''), undefined, 'the zaak is not stored');
    assert.deepEqual(await outbox(z), [], 'its outbox entry is rolled back with it');
    assert.equal(await totaal(), voor);
    // the same zaak under another referentienummer goes through, with its entry
    await ok(m);
    assert.equal((await outbox(z)).length, 1);
  });

  it('a message that succeeds has its outbox entries committed with it (there when the Bv03 arrives)', async () => {
    const persoon = bsn();
    const gezinsplan = uniqueId('0999G');
    await ok(creeer(gezinsplan, persoon));
    const na = async (z: string) => (await outbox(z)).map((e) => `${e.berichtsoort}:${e.gebeurtenissen}:${e.toestand}`);
    assert.deepEqual(await na(gezinsplan), ['zakLk01:zaakCreated:wachtend']);
    // linkAsDeelplan succeeds: the deelplan and the link, and the kennisgevingen of both zaken, in one commit
    const deelplan = uniqueId('0999D');
    await ok(creeer(deelplan, persoon, { zaaktype: 'DP-WMO', omschrijving: 'Deelplan Wmo' }));
    const [g, d] = [await findZaak(db(), gezinsplan, ''), await findZaak(db(), deelplan, '')];
    assert.ok(await db()('zaak_zaak').where({ zaak_id: g!.id, andere_zaak_id: d!.id, soort: 'DEL' }).first(), 'linked');
    assert.deepEqual(await na(deelplan), ['zakLk01:zaakCreated,deelplanLinked:wachtend']);
    assert.deepEqual(await na(gezinsplan), ['zakLk01:zaakCreated:wachtend', 'zakLk01:deelplanLinked:wachtend']);
    await ok(zetStatus(deelplan, 2, 'Onderzoek', '20240320143000'));
    assert.deepEqual(await statussen(deelplan), [2]);
    assert.deepEqual((await na(deelplan)).at(-1), 'zakLk01:statusChanged:wachtend');
  });
});

// Fault case 1: kill -9 of a gateway during 1,000 concurrent creeerZaak (all sent at once, each on its own connection;
// the kill comes after 300 Bv03 with hundreds still in flight), then a restart on the same database.
// A message's zaak, betrokkenen, kenmerk, status and message-log row are one transaction: after the restart every
// acknowledged zaak is there and complete, no zaak is half-written, and every unacknowledged message can be resent
// as it was (same referentienummer) and succeeds; one that was committed but not acknowledged is answered from the
// message log (verwerkt_bericht) and not applied twice.
import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { A12 } from '../src/stuf/dialect.ts';
import { geefZaakdetails12, seedCreeerZaak12 } from '../bench/messages.ts';
import { uniqueId } from './helpers.ts';
import { aantal, isBv03, opzet, parallel, stuur, stuurHttp, telling, type Antwoord, type Opzet } from './fault/opzet.ts';

const AANTAL = 1000;
/** all sent at once, each on a connection of its own (an http.Agent with a socket per message) */
const IN_FLIGHT = AANTAL;
/** acknowledgements before the kill: well inside the run, with most of the other messages sent and in flight */
const KILL_NA = 300;
/** at the kill at least this many messages must be in flight (written to their connection, not answered) */
const MIN_IN_FLIGHT = 300;

const CREEER = `${A12}creeerZaak_ZakLk01`;
const GEEF = `${A12}geefZaakdetails_ZakLv01`;

/** What seedCreeerZaak12 stores per zaak: a kenmerk, two zaakobjecten + belanghebbende + initiator, one status. */
const VOLLEDIG = { kenmerken: 1, betrokkenen: 4, statussen: 1 };

interface Stand { identificatie: string; kenmerken: number; betrokkenen: number; statussen: number }

describe('fault 1: kill -9 during 1,000 concurrent creeerZaak', () => {
  let o: Opzet;
  before(async () => {
    o = await opzet('kill');
  });
  after(async () => o?.close());

  /** Every stored zaak with the number of its kenmerken, betrokkenen and statussen. */
  async function stand(): Promise<Map<string, Stand>> {
    const rows = await o.db().raw(`select z.identificatie,
      (select count(*) from zaak_kenmerk k where k.zaak_id = z.id) as kenmerken,
      (select count(*) from betrokkene b where b.zaak_id = z.id) as betrokkenen,
      (select count(*) from status s where s.zaak_id = z.id) as statussen from zaak z`);
    const list = (Array.isArray(rows) ? rows : rows.rows) as Stand[];
    return new Map(list.map((r) => [r.identificatie, { ...r, kenmerken: Number(r.kenmerken), betrokkenen: Number(r.betrokkenen), statussen: Number(r.statussen) }]));
  }
  const compleet = (s: Stand | undefined) => !!s && s.kenmerken === VOLLEDIG.kenmerken && s.betrokkenen === VOLLEDIG.betrokkenen && s.statussen === VOLLEDIG.statussen;

  it('acknowledged zaken are complete after the restart, none is half-written, the rest can be resent', { timeout: 300_000 }, async () => {
    const berichten = Array.from({ length: AANTAL }, () => {
      const id = uniqueId('0999K');
      const ref = uniqueId('R');
      return { id, ref, xml: seedCreeerZaak12(id, ref) };
    });
    let gw = await o.start('gateway-1');
    let bevestigd = 0;
    let verstuurd = 0;
    let beantwoord = 0;
    let inVlucht = 0;
    let gedood: Promise<void> | undefined;
    const agent = new http.Agent({ maxSockets: IN_FLIGHT });
    const antwoorden: Antwoord[] = await parallel(berichten, IN_FLIGHT, async (b) => {
      const a = await stuurHttp(gw.soap, CREEER, b.xml, { agent, timeoutMs: 30_000, verstuurd: () => { verstuurd++; } });
      if (a.status) beantwoord++;
      if (isBv03(a) && ++bevestigd === KILL_NA) {
        inVlucht = verstuurd - beantwoord;
        gedood = o.kill(gw);
      }
      return a;
    });
    agent.destroy();
    await gedood;
    assert.ok(gedood, `the gateway was killed (${bevestigd} acknowledged)`);
    assert.ok(inVlucht >= MIN_IN_FLIGHT, `killed with ${inVlucht} messages in flight (sent ${verstuurd}, answered ${beantwoord})`);
    const ok = berichten.filter((_, i) => isBv03(antwoorden[i]));
    const open = berichten.filter((_, i) => !isBv03(antwoorden[i]));
    // an HTTP answer is a Bv03; the others got no answer at all (cut off by the kill, or refused after it)
    const anders = antwoorden.filter((a) => a.status !== 0 && !isBv03(a));
    assert.deepEqual(anders.map((a) => `${a.status} ${a.code}`), [], 'every HTTP answer before the kill is a Bv03');

    gw = await o.start('gateway-2');
    const na = await stand();
    const halfGeschreven = [...na.values()].filter((s) => !compleet(s));
    assert.deepEqual(halfGeschreven, [], 'no zaak is half-written');
    assert.deepEqual(ok.filter((b) => !compleet(na.get(b.id))).map((b) => b.id), [], 'every acknowledged zaak exists and is complete');
    // and a geefZaakdetails answers each one as it was sent
    const details = await parallel(ok, 16, (b) => stuur(gw.soap, GEEF, geefZaakdetails12(b.id, uniqueId('R'))));
    const onvolledig = ok.filter((b, i) => !zoalsVerstuurd(details[i], b.id));
    assert.deepEqual(onvolledig.map((b) => b.id), [], 'geefZaakdetails answers the acknowledged zaken complete');

    // committed but not acknowledged: the message log has its answer
    const gelogd = new Map<string, string>((await o.db()('verwerkt_bericht').whereIn('referentienummer', open.map((b) => b.ref)).select('referentienummer', 'antwoord'))
      .map((r: { referentienummer: string; antwoord: string }) => [r.referentienummer, r.antwoord]));
    const opnieuw = await parallel(open, IN_FLIGHT, (b) => stuur(gw.soap, CREEER, b.xml, 30_000));
    const gelukt = opnieuw.filter(isBv03).length;
    const uitLog = open.filter((b, i) => gelogd.has(b.ref) && opnieuw[i].text.includes(gelogd.get(b.ref)!)).length;
    // a client that missed an acknowledgement resends too: the same Bv03 again, from the log
    const herhaald = ok.slice(0, 20);
    const nogmaals = await parallel(herhaald, IN_FLIGHT, (b) => stuur(gw.soap, CREEER, b.xml, 30_000));
    const zelfde = herhaald.filter((b, i) => nogmaals[i].text === antwoorden[berichten.indexOf(b)].text).length;
    const eind = await stand();
    const eindHalf = [...eind.values()].filter((s) => !compleet(s)).length;
    telling('1 kill -9 during creeerZaak', {
      sent: AANTAL, 'in flight at the kill (sent, unanswered)': inVlucht, 'acknowledged before the kill': ok.length, 'failed/unanswered': open.length,
      'committed but unacknowledged': gelogd.size, 'complete after restart': ok.filter((b) => compleet(na.get(b.id))).length + ` of ${na.size} stored`,
      'half-written': halfGeschreven.length, 'resent and succeeded': `${gelukt} of ${open.length}`, 'answered from the message log': uitLog,
      'acknowledged ones resent': `${zelfde} of ${herhaald.length} got the same Bv03`,
    });
    assert.equal(gelukt, open.length, `every resent message succeeds: ${opnieuw.filter((a) => !isBv03(a)).map((a) => `${a.status} ${a.code ?? a.fout}`).slice(0, 5).join('; ')}`);
    assert.equal(uitLog, gelogd.size, 'a committed but unacknowledged message is answered from the message log');
    assert.equal(zelfde, herhaald.length, 'an acknowledged message resent gets the same Bv03');
    assert.equal(eind.size, AANTAL, 'one zaak per message');
    assert.equal(eindHalf, 0, 'nothing applied twice or half');
    assert.equal(await aantal(o.db(), 'verwerkt_bericht'), AANTAL, 'one message-log row per message');
  });
});

/** The geefZaakdetails answer names what seedCreeerZaak12 sent: kenmerk, initiator, belanghebbende, both zaakobjecten, status. */
function zoalsVerstuurd(a: Antwoord, id: string): boolean {
  const t = a.text;
  return a.status === 200 && t.includes(`BENCH-${id}`) && /heeftAlsInitiator[\s\S]*111111110/.test(t) && /heeftAlsBelanghebbende[\s\S]*111222333/.test(t) &&
    (t.match(/<ZKN:heeftBetrekkingOp /g) ?? []).length === 2 && t.includes('8701HP') && t.includes('8701HQ') &&
    /<ZKN:heeft [\s\S]*Aanvraag ontvangen[\s\S]*20240115120000000/.test(t);
}

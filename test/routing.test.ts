// The routing rules of the koppeling beyond the four shipped configurations (test/koppeling.test.ts): configuration
// errors stop the start, `notify` reaches its subscriber whatever that subscription's filter, `personInGezinsplan:
// false`, a person in two open gezinsplannen, a forward target that is down. A refused or failed message stores nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { checkAbonnementen } from '../src/notify/abonnementen.ts';
import { checkRegels, type Regel } from '../src/routing/regels.ts';
import type { RunningServer } from '../src/http/server.ts';
import { findZaak } from '../src/store/zaken.ts';
import { faultCode, freshDatabase, post, startTestServer, textOf } from './helpers.ts';
import { fill, loadFlow, type FlowStep } from './koppeling/fixtures.ts';
import { assertKennisgevingValid, Ontvanger } from './koppeling/ontvanger.ts';
import { messageVars, runVars, sendStep, type Vars } from './koppeling/stroom.ts';

describe('routing rules: configuration', () => {
  const abonnees = checkAbonnementen([{ name: 'REGIE', url: 'http://regie.example/' }]);
  const fout = (r: unknown) => () => checkRegels([r], abonnees);

  it('an invalid rule or subscription is a start-up error that names it', () => {
    assert.throws(fout({ action: 'route' }), /action must be one of accept, linkAsDeelplan, notify, forward, refuse/);
    assert.throws(fout({ action: 'notify' }), /notify needs a subscriber/);
    assert.throws(fout({ action: 'linkAsDeelplan', subscriber: 'WMO' }), /subscriber WMO is not in subscriptions/);
    assert.throws(fout({ action: 'forward', forward: { url: 'ftp://x' } }), /forward needs forward.url/);
    assert.throws(fout({ action: 'refuse' }), /refuse needs fault.text/);
    assert.throws(fout({ name: 'x', action: 'refuse', fault: { code: '58', text: 'nee' } }), /routing rule x: fault.code must look like StUF058/);
    assert.throws(() => checkAbonnementen([{ name: 'ABC', url: 'http://a/' }, { name: 'ABC', url: 'http://b/' }]), /defined twice/);
    assert.throws(() => checkAbonnementen([{ name: 'REGIE', url: 'regie' }]), /url must be an http/);
    assert.throws(() => checkAbonnementen([{ name: 'REGIE', url: 'http://a/', filter: { events: ['zaakDeleted'] } }]), /unknown event zaakDeleted/);
    assert.throws(() => checkAbonnementen([{ name: 'RG', url: 'http://a/' }]), /at least 3 characters/);
    assert.doesNotThrow(fout({ action: 'accept' }));
  });
});

describe('routing rules: actions', () => {
  let srv: RunningServer;
  let drop: () => Promise<void>;
  const audit = new Ontvanger('AUDIT');
  const flow = new Map(loadFlow('zds-1.2').map((s) => [s.id, s]));
  const step = (id: string): FlowStep => flow.get(id)!;

  const regels: Regel[] = [
    { name: 'verzoek zonder gezinsplan', match: { operations: ['creeerZaak'], zenders: ['WMO'], personInGezinsplan: false }, action: 'refuse', fault: { code: 'StUF052', text: 'Alleen deelplannen bij een gezinsplan' } },
    { name: 'WWB doorsturen', match: { operations: ['creeerZaak'], zenders: ['WWB'] }, action: 'forward', forward: { url: 'http://127.0.0.1:9/dicht', timeoutMs: 2000 } },
    { name: 'koppelen', match: { operations: ['creeerZaak'], zenders: ['SHV'] }, action: 'linkAsDeelplan' },
    { name: 'melden', match: { operations: ['creeerZaak'], zenders: ['WMO'] }, action: 'notify', subscriber: 'AUDIT' },
  ];

  before(async () => {
    await audit.up();
    const db = await freshDatabase();
    drop = db.drop;
    srv = await startTestServer({ DATABASE_URL: db.url }, {
      // a filter that never matches: only the notify rule brings AUDIT its kennisgevingen
      subscriptions: [{ name: 'AUDIT', url: audit.url, filter: { zaaktypen: ['GEEN'] } }],
      routing: regels,
      delivery: { maxAttempts: 5, baseDelayMs: 50, maxDelayMs: 200, timeoutMs: 5000, pollMs: 50, worker: true },
    });
  });
  after(async () => {
    await srv?.close();
    await audit.down();
    await drop?.();
  });

  /** creeerZaak of a deelplan by `zender`, expecting a fault; nothing of it may be stored. */
  async function geweigerd(vars: Vars, zender: string, code: string): Promise<string> {
    const s = step('creeer-deelplan');
    const a = await post(`${srv.url}${s.path}`, s.soapAction, fill(s.template, { ...vars, ...messageVars(zender) }));
    assert.equal(a.status, 500, a.text);
    assert.equal(faultCode(a.text), code, a.text);
    assert.equal(await findZaak(srv.gateway.db, vars.deelplan!, ''), undefined, 'nothing stored');
    return a.text;
  }

  async function gezinsplan(vars: Vars): Promise<string> {
    vars.gezinsplan = textOf(await sendStep(srv, step('genereer-gezinsplan'), vars), 'identificatie');
    await sendStep(srv, step('creeer-gezinsplan'), vars);
    return vars.gezinsplan!;
  }

  it('personInGezinsplan false: refused with the configured code and text; once the person has a gezinsplan, notify reaches its subscriber past its filter', async () => {
    const vars = { ...runVars(), deelplan: `0999R${Date.now()}` };
    const fault = await geweigerd(vars, 'WMO', 'StUF052');
    assert.match(fault, /Alleen deelplannen bij een gezinsplan/);
    await gezinsplan(vars);
    await sendStep(srv, step('creeer-deelplan'), vars, 'WMO');
    const [t] = await audit.wachtOp(1);
    assertKennisgevingValid(srv, t);
    assert.match(t.body, new RegExp(`<ZKN:identificatie>${vars.deelplan}<`));
    assert.doesNotMatch(t.body, /heeftBetrekkingOpAndere/, 'notify does not link');
  });

  it('linkAsDeelplan for a person in two open gezinsplannen is a fault naming both', async () => {
    const vars = { ...runVars(), deelplan: `0999S${Date.now()}` };
    const eerste = await gezinsplan(vars);
    const tweede = await gezinsplan(vars);
    const fault = await geweigerd(vars, 'SHV', 'StUF058');
    assert.match(fault, new RegExp(`meer dan één open gezinsplan \\((${eerste}, ${tweede}|${tweede}, ${eerste})\\)`));
  });

  it('a forward target that does not answer is StUF049, and nothing is stored', async () => {
    const vars = { ...runVars(), deelplan: `0999F${Date.now()}` };
    await geweigerd(vars, 'WWB', 'StUF049');
  });
});

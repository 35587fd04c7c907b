// The sociaal-domein koppeling end to end (issue #5): three parties over HTTP on loopback: the gateway, a simulated
// regiesysteem (SOAP client + kennisgeving receiver, and the receiver of forwarded messages) and a simulated Wmo
// backoffice (SOAP client + receiver). For each of the four shipped configurations (fixtures/koppeling/config:
// who creates the deelplan x whether requests for a person in a gezinsplan go via the regie), in ZDS 1.2 and in
// ZDS 1.1, the flow of fixtures/koppeling/ is played: gezinsplan + document; the backoffice finds the gezinsplan
// by BSN; the deelplan is created and linked (the path depends on the configuration); its domain data document;
// the regiesysteem receives the zakLk01 naming the gezinsplan and the edcLk01 with the domain XML byte for byte;
// the deelplan is updated and gets a status while the regiesysteem is down, and it receives both W kennisgevingen
// in order once it is back; the gezinsplan is updated; the status is asked and answered.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig, type Config } from '../src/config/index.ts';
import type { RunningServer } from '../src/http/server.ts';
import { findZaak } from '../src/store/zaken.ts';
import { faultCode, freshDatabase, post, startTestServer, textOf, uniqueId } from './helpers.ts';
import { domeinXml, fill, KOPPELING_DIR, loadFlow, type FlowDialect, type FlowStep } from './koppeling/fixtures.ts';
import { assertKennisgevingValid, bv03, Ontvanger, type Ontvangen } from './koppeling/ontvanger.ts';
import { messageVars, runVars, sendStep, zaakObjecten, type Vars } from './koppeling/stroom.ts';

const CONFIGS = ['backoffice-maakt-deelplan.backoffice-zelf', 'backoffice-maakt-deelplan.via-regie', 'regie-maakt-deelplan.via-regie', 'regie-maakt-deelplan.backoffice-zelf'] as const;
type ConfigName = (typeof CONFIGS)[number];

/** A shipped configuration with the simulated parties' addresses in place of the example ones. */
function configuration(name: ConfigName, regie: Ontvanger, wmo: Ontvanger): Partial<Config> {
  const file = path.join(KOPPELING_DIR, 'config', `${name}.json`);
  const c = loadConfig({ STUF_CONFIG: file } as NodeJS.ProcessEnv);
  const url: Record<string, string> = { REGIE: regie.url, WMO: wmo.url };
  return {
    koppeling: c.koppeling,
    subscriptions: c.subscriptions.map((s) => ({ ...s, url: url[s.name] })),
    routing: c.routing.map((r) => (r.forward ? { ...r, forward: { ...r.forward, url: regie.url } } : r)),
    delivery: { ...c.delivery, baseDelayMs: 50, maxDelayMs: 400, pollMs: 50, maxAttempts: 50 },
  };
}

const mutatiesoort = (m: Ontvangen) => m.body.match(/<StUF:mutatiesoort>(\w)</)?.[1];
const overZaak = (id: string) => (m: Ontvangen) => zaakObjecten(m.body)[0] === id || textOf(m.body.split('isRelevantVoor')[1] ?? '', 'identificatie') === id;

for (const dialect of ['zds-1.2', 'zds-1.1'] as FlowDialect[]) {
  for (const name of CONFIGS) {
    describe(`koppeling ${name} (${dialect})`, () => {
      let srv: RunningServer;
      let drop: () => Promise<void>;
      const regie = new Ontvanger('REGIE');
      const wmo = new Ontvanger('WMO');
      const flow = new Map(loadFlow(dialect).map((s) => [s.id, s]));
      const step = (id: string): FlowStep => flow.get(id)!;

      before(async () => {
        await regie.up();
        await wmo.up();
        const db = await freshDatabase();
        drop = db.drop;
        srv = await startTestServer({ DATABASE_URL: db.url }, configuration(name, regie, wmo));
      });
      after(async () => {
        await srv?.close();
        await regie.down();
        await wmo.down();
        await drop?.();
      });

      const valid = (m: Ontvangen) => assertKennisgevingValid(srv, m);

      /** The regiesysteem as the receiver of a forwarded creeerZaak: it writes the deelplan itself, then answers the backoffice. */
      function regieOntvangtDoorgestuurd(vars: Vars, maakEigenDeelplan: boolean): void {
        regie.handler = async (m) => {
          if (!/creeerZaak_(ZakLk01|Lk01)$/.test(m.soapAction)) return undefined;
          if (maakEigenDeelplan) {
            // variant "regie maakt deelplan": its own identificatie, its own creeerZaak (linked and notified by rule)
            vars.deelplan = textOf(await sendStep(srv, step('genereer-deelplan'), vars, 'REGIE'), 'identificatie');
            await sendStep(srv, step('creeer-deelplan'), vars, 'REGIE');
          } else {
            // variant "backoffice maakt deelplan": the backoffice's zaak goes on as the regie's message, then the link
            const door = m.envelope.replace(/(<(?:\w+:)?zender>[\s\S]*?<(?:\w+:)?applicatie>)WMO(<)/, '$1REGIE$2')
              .replace(/(<(?:\w+:)?referentienummer>)[^<]*(<)/, `$1${uniqueId('REGIE')}$2`);
            const a = await post(`${srv.url}${step('creeer-deelplan').path}`, m.soapAction, door);
            assert.equal(a.status, 200, `the regie passes the deelplan on: ${faultCode(a.text)} ${textOf(a.text, 'details')}`);
            await sendStep(srv, step('koppel-deelplan'), vars, 'REGIE');
          }
          return { status: 200, body: bv03(m.referentienummer, 'REGIE', 'WMO') };
        };
      }

      it('the gezinsplan/deelplan flow: lookup by BSN, deelplan linked, notifications (with the abonnee down for a while), status', async () => {
        const vars = runVars();
        // 1. gezinsplan and its document (regiesysteem)
        vars.gezinsplan = textOf(await sendStep(srv, step('genereer-gezinsplan'), vars), 'identificatie');
        await sendStep(srv, step('creeer-gezinsplan'), vars);
        await sendStep(srv, step('document-gezinsplan'), vars);
        // 2. the backoffice asks the gezinsplan of a person by BSN
        assert.deepEqual(zaakObjecten(await sendStep(srv, step('zoek-gezinsplan-initiator'), vars)), [vars.gezinsplan]);
        assert.deepEqual(zaakObjecten(await sendStep(srv, step('zoek-gezinsplan-zaakobject'), vars)), [vars.gezinsplan]);

        // 3. the deelplan: who creates and links it is the configuration's business
        const wmoId = textOf(await sendStep(srv, step('genereer-deelplan'), vars, 'WMO'), 'identificatie')!;
        vars.deelplan = wmoId;
        if (name === 'backoffice-maakt-deelplan.backoffice-zelf') {
          await sendStep(srv, step('creeer-deelplan'), vars, 'WMO'); // linked by the gateway (linkAsDeelplan)
        } else if (name.endsWith('via-regie')) {
          regieOntvangtDoorgestuurd(vars, name.startsWith('regie'));
          await sendStep(srv, step('creeer-deelplan'), { ...vars, deelplan: wmoId }, 'WMO'); // the regie's Bv03, relayed
          if (name.startsWith('regie')) {
            assert.notEqual(vars.deelplan, wmoId, 'the regie made its own deelplan');
            assert.equal(await findZaak(srv.gateway.db, wmoId, ''), undefined, 'a forwarded message stores nothing');
          }
        } else {
          const mv = messageVars('WMO');
          const refused = await post(`${srv.url}${step('creeer-deelplan').path}`, step('creeer-deelplan').soapAction, fill(step('creeer-deelplan').template, { ...vars, ...mv }));
          assert.equal(refused.status, 500);
          assert.equal(faultCode(refused.text), 'StUF058');
          assert.match(refused.text, /maakt het regiesysteem het deelplan aan/);
          assert.equal(await findZaak(srv.gateway.db, wmoId, ''), undefined, 'nothing stored');
          vars.deelplan = textOf(await sendStep(srv, step('genereer-deelplan'), vars, 'REGIE'), 'identificatie');
          await sendStep(srv, step('creeer-deelplan'), vars, 'REGIE');
        }
        // the backoffice hears of its (linked) deelplan, and learns its identificatie from it
        const [wmoT] = await wmo.wachtOp(1);
        valid(wmoT);
        assert.equal(mutatiesoort(wmoT), 'T');
        assert.equal(zaakObjecten(wmoT.body)[0], vars.deelplan);
        assert.equal(textOf(wmoT.body.split('heeftBetrekkingOpAndere')[1], 'identificatie'), vars.gezinsplan);

        // the domain data document of the deelplan (backoffice)
        await sendStep(srv, step('document-deelplan'), vars, 'WMO');

        // 4. the regiesysteem: zakLk01 naming the gezinsplan, then edcLk01 with the domain XML byte for byte
        const [t, edc] = (await regie.wachtOp(2)).filter(overZaak(vars.deelplan!));
        for (const m of [t, edc]) valid(m);
        assert.equal(t.root, 'ZKN:zakLk01');
        assert.equal(mutatiesoort(t), 'T');
        assert.equal(textOf(t.body.split('heeftBetrekkingOpAndere')[1], 'identificatie'), vars.gezinsplan, 'the gezinsplan is named');
        assert.equal(edc.root, 'ZKN:edcLk01');
        assert.ok(Buffer.from(textOf(edc.body, 'inhoud')!, 'base64').equals(domeinXml()), 'domain XML byte for byte');
        assert.equal(textOf(edc.body.split('isRelevantVoor')[1], 'identificatie'), vars.deelplan);

        // 5./6. deelplan updated and its progress reported while the regiesysteem is down
        await regie.down();
        await sendStep(srv, step('update-deelplan'), vars, 'WMO');
        await sendStep(srv, step('status-deelplan'), vars, 'WMO');
        // 7. the gezinsplan updated (not a zaak the regie subscribes to: no kennisgeving)
        await sendStep(srv, step('update-gezinsplan'), vars);
        await new Promise((r) => setTimeout(r, 300)); // a few failed attempts
        await regie.up();
        const alles = await regie.wachtOp(4);
        const [w1, w2] = alles.slice(2);
        for (const m of [w1, w2]) valid(m);
        assert.deepEqual([w1, w2].map(mutatiesoort), ['W', 'W']);
        assert.match(w1.body.split('</ZKN:object>')[1], new RegExp(`<ZKN:einddatumGepland>${vars.einddatumGepland}<`), 'first the update');
        assert.match(w2.body.split('</ZKN:object>')[1], /<ZKN:omschrijving>Onderzoek<\/ZKN:omschrijving>/, 'then the status');
        assert.deepEqual(alles.map((m) => zaakObjecten(m.body)[0] ?? vars.deelplan), alles.map(() => vars.deelplan), 'only the deelplan');

        // 8. the status asked and answered
        const status = await sendStep(srv, step('geefstatus-deelplan'), vars);
        assert.match(status, /<(\w+:)?omschrijving>Onderzoek</);
        // the person lookup again: the gezinsplan with its deelplan and that deelplan's current status
        const overzicht = await sendStep(srv, step('zoek-gezinsplan-initiator'), vars, 'WMO');
        const deel = overzicht.match(/<(?:\w+:)?heeftAlsDeelzaak StUF:entiteittype="ZAKZAKDEL">([\s\S]*?)<\/(?:\w+:)?heeftAlsDeelzaak>/)?.[1] ?? '';
        assert.equal(textOf(deel, 'identificatie'), vars.deelplan);
        const huidig = [...deel.matchAll(/<(?:\w+:)?heeft StUF:entiteittype="ZAKSTT">([\s\S]*?)<\/(?:\w+:)?heeft>/g)].map((m) => m[1])
          .find((h) => textOf(h, 'indicatieLaatsteStatus') === 'J');
        assert.equal(textOf(huidig ?? '', 'omschrijving'), 'Onderzoek', `the deelplan's current status in:\n${overzicht}`);
        const lezen = await sendStep(srv, step('lees-domeinxml'), vars);
        assert.ok(Buffer.from(textOf(lezen, 'inhoud')!.replace(/\s+/g, ''), 'base64').equals(domeinXml()));
        assert.equal(regie.ontvangen.length, 4, 'nothing more for the regie');
      });
    });
  }
}

// The four configurations are documented where the README explains them.
it('the README describes each of the four koppeling configurations', () => {
  const readme = fs.readFileSync(path.join(KOPPELING_DIR, '../../README.md'), 'utf8');
  for (const name of CONFIGS) assert.ok(readme.includes(`${name}.json`), `README mentions ${name}.json`);
});

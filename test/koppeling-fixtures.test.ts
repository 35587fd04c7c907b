// The gezinsplan/deelplan fixtures of fixtures/koppeling/ (guide §6) prove themselves: (a) every filled message
// of both flows is valid against the official XSD of its dialect, and routes to the operation flow.json says;
// (b) each flow, sent in order over HTTP to a gateway on a fresh database (default configuration: strict
// validation, strict oud check, the shipped catalogue), gets the expected answer kind at every step, with a
// valid answer, and the facts the scenario depends on: the gezinsplan found by BSN (initiator and zaakobject),
// the deelzaak/hoofdzaak link, the status "Onderzoek" and the domain XML back byte for byte.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { XmlDocument } from 'libxml2-wasm';
import { DEFAULTS } from '../src/config/index.ts';
import { ROUTES } from '../src/operations/registry.ts';
import { parseEnvelope } from '../src/soap/envelope.ts';
import { Validators } from '../src/xsd/validators.ts';
import { suiteGateway, textOf } from './helpers.ts';
import { domeinXml, fill, loadFlow, placeholders, type FlowDialect } from './koppeling/fixtures.ts';
import { messageVars, runVars, sendStep, zaakObjecten, type Vars } from './koppeling/stroom.ts';

const DIALECTS: FlowDialect[] = ['zds-1.2', 'zds-1.1'];

/** The placeholders README.md documents; a template using another one is a fixture error. */
const DOCUMENTED = new Set(['referentienummer', 'tijdstipBericht', 'zender', 'gezinsplan', 'deelplan', 'documentGezinsplan', 'documentDeelplan',
  'bsnOuder', 'bsnKind', 'dossier', 'datum', 'datumStatusGezet', 'einddatumGepland', 'inhoudGezinsplanBase64', 'domeinXmlBase64',
  'oudeToelichting', 'nieuweToelichting']);

const bodyRoot = (xml: string) => xml.match(/<soapenv:Body>\s*<(\w+):(\w+)[\s>]/)!;

const antwoordZaken = zaakObjecten;

describe('koppeling fixtures: the gezinsplan/deelplan flow', () => {
  describe('(a) every filled message is valid against the XSD of its dialect', () => {
    const validators = Validators.load(process.env.STUF_SCHEMA_DIR ?? DEFAULTS.schemaDir);
    // Values as a run would have them; identificaties the gateway would hand out.
    const vars: Vars = { ...runVars(), gezinsplan: '09990000000123', deelplan: '09990000000456' };

    for (const dialect of DIALECTS) {
      it(`${dialect}: ${loadFlow(dialect).length} messages, each schema-valid and routed as flow.json says`, () => {
        const flow = loadFlow(dialect);
        assert.equal(new Set(flow.map((s) => s.id)).size, flow.length, 'step ids are unique');
        for (const step of flow) {
          const unknown = placeholders(step.template).filter((p) => !DOCUMENTED.has(p));
          assert.deepEqual(unknown, [], `${step.file}: undocumented placeholders`);
          assert.ok(step.file.startsWith(`${dialect}/`), `${step.file} lies in ${dialect}/`);
          const xml = fill(step.template, { ...vars, ...messageVars(step.zender) });
          // A fixed zender in the file is the step's zender.
          const zender = xml.match(/<StUF:zender>\s*(?:<StUF:organisatie>0999<\/StUF:organisatie>\s*)<StUF:applicatie>([^<]+)</)?.[1];
          assert.equal(zender, step.zender, `${step.file}: zender organisatie 0999 applicatie ${step.zender}`);
          assert.match(xml, /<StUF:ontvanger>\s*<StUF:organisatie>0999<\/StUF:organisatie>\s*<StUF:applicatie>ZKM</, `${step.file}: ontvanger`);
          const env = parseEnvelope(Buffer.from(xml, 'utf8'));
          try {
            assert.equal(env.version, '1.1', `${step.file}: SOAP 1.1`);
            const errors = validators.validate(step.bundle, env.body);
            assert.deepEqual(errors, [], `${step.file} is not valid against ${step.bundle}`);
            // SOAPAction, root element and endpoint fit the gateway's routing table (registry.ts).
            const route = ROUTES.find((r) => r.action === step.soapAction && r.rootName === env.body.name && r.rootNs === env.body.namespaceUri);
            assert.ok(route, `${step.file}: no route for ${step.soapAction} with root ${env.body.name}`);
            const prefix = route.dialect === 'zds-1.2' ? '/zds/1.2/' : route.dialect === 'zds-1.1' ? '/zds/1.1/' : '/stuf-zkn/3.10/';
            assert.ok(step.path.startsWith(prefix), `${step.file}: path ${step.path} is not a ${route.dialect} endpoint`);
            const berichtcode = textOf(xml, 'berichtcode');
            assert.equal(berichtcode, route.berichtcode, `${step.file}: berichtcode`);
          } finally {
            env.doc.dispose();
          }
        }
      });
    }

    it('fill() throws on a placeholder without a value and escapes values', () => {
      const [first] = loadFlow('zds-1.2');
      assert.throws(() => fill(first.template, {}), /unfilled placeholder\(s\): \{\{referentienummer\}\}, \{\{tijdstipBericht\}\}/);
      assert.throws(() => fill('<a>{{x}}</a>', { y: '1' }), /\{\{x\}\}/);
      assert.equal(fill('<a>{{x}}</a>', { x: 'a & <b>' }), '<a>a &amp; &lt;b&gt;</a>');
    });

    it('the plain StUF-ZKN zakLv01 messages are the same in both flows; the domain XML is ISO-8859-1 with a declaration saying so', () => {
      const strip = (s: string) => s.replace(/<!--[\s\S]*?-->/g, '');
      const f12 = loadFlow('zds-1.2').filter((s) => s.path.startsWith('/stuf-zkn/'));
      const f11 = loadFlow('zds-1.1').filter((s) => f12.some((x) => x.id === s.id));
      assert.equal(f12.length, 2);
      assert.deepEqual(f11.map((s) => strip(s.template)), f12.map((s) => strip(s.template)));
      const raw = domeinXml();
      assert.match(raw.subarray(0, 60).toString('latin1'), /^<\?xml version="1\.0" encoding="ISO-8859-1"/);
      assert.ok(raw.includes(Buffer.from('Zo\xeb', 'latin1')), 'ë as the single ISO-8859-1 byte 0xEB');
      assert.ok(!raw.includes(Buffer.from('Zoë', 'utf8')), 'not UTF-8');
      assert.ok(raw.includes('\r\n') && raw.includes('\t') && raw.includes('<!--'), 'CRLF, tabs and a comment');
      // Well-formed, and a parser that honours the declaration reads ë correctly.
      const doc = XmlDocument.fromBuffer(raw);
      try {
        assert.equal(doc.root.name, 'Deelplan');
        assert.equal(doc.root.namespaceUri, 'urn:gemeente:0999:wmo:deelplan:1.3');
        assert.match(doc.root.content, /Zoë/);
      } finally {
        doc.dispose();
      }
    });
  });

  describe('(b) each flow over HTTP against a gateway on a fresh database', () => {
    const gw = suiteGateway();

    /** `deelplanDoor`: the party that sends the steps whose zender is the placeholder (genereer/creeer deelplan). */
    async function runFlow(dialect: FlowDialect, deelplanDoor?: string): Promise<{ vars: Vars; answers: Record<string, string> }> {
      const vars = runVars();
      const answers: Record<string, string> = {};
      for (const flowStep of loadFlow(dialect)) {
        const step = deelplanDoor && placeholders(flowStep.template).includes('zender') ? { ...flowStep, zender: deelplanDoor } : flowStep;
        const label = `${dialect} ${step.id} (${step.file})`;
        const a = { text: await sendStep(gw.srv, step, vars, step.zender, label) };
        answers[step.id] = a.text;

        switch (step.id) {
          case 'genereer-gezinsplan':
          case 'genereer-deelplan': {
            const id = textOf(a.text, 'identificatie');
            assert.ok(id, `${label}: Du02 carries an identificatie`);
            vars[step.id === 'genereer-gezinsplan' ? 'gezinsplan' : 'deelplan'] = id;
            break;
          }
          case 'zoek-gezinsplan-initiator':
          case 'zoek-gezinsplan-zaakobject':
            assert.equal(bodyRoot(a.text)[2], 'zakLa01', label);
            assert.deepEqual(antwoordZaken(a.text), [vars.gezinsplan], `${label}: the open gezinsplan of this person`);
            assert.equal(textOf(a.text, 'omschrijving'), 'Gezinsplan', label);
            break;
          case 'details-gezinsplan':
            assert.deepEqual(antwoordZaken(a.text), [vars.gezinsplan], label);
            assert.match(a.text, new RegExp(`<(\\w+:)?heeftAlsDeelzaak StUF:entiteittype="ZAKZAKDEL">\\s*<(\\w+:)?gerelateerde StUF:entiteittype="ZAK">\\s*` +
              `<(\\w+:)?identificatie>${vars.deelplan}</(\\w+:)?identificatie>\\s*<(\\w+:)?omschrijving>Deelplan Wmo<`), `${label}: heeftAlsDeelzaak -> deelplan`);
            break;
          case 'details-deelplan':
            // heeftAlsHoofdzaak is asserted in its own test below, so that the rest of the flow is checked regardless.
            assert.deepEqual(antwoordZaken(a.text), [vars.deelplan], label);
            assert.match(a.text, new RegExp(`<(\\w+:)?kenmerk>WMO-${vars.dossier}</(\\w+:)?kenmerk>\\s*<(\\w+:)?bron>WMO<`), `${label}: kenmerk`);
            break;
          case 'geefstatus-deelplan': {
            assert.deepEqual(antwoordZaken(a.text), [vars.deelplan], label);
            const heeft = [...a.text.matchAll(/<(?:\w+:)?heeft StUF:entiteittype="ZAKSTT">([\s\S]*?)<\/(?:\w+:)?heeft>/g)].map((m) => m[1]);
            assert.equal(heeft.length, 1, `${label}: only the current status`);
            assert.equal(textOf(heeft[0], 'volgnummer'), '2', label);
            assert.equal(textOf(heeft[0], 'omschrijving'), 'Onderzoek', label);
            assert.equal(textOf(heeft[0], 'zkt.omschrijving'), 'Deelplan Wmo', label);
            assert.equal(textOf(heeft[0], 'datumStatusGezet'), vars.datumStatusGezet, label);
            assert.equal(textOf(heeft[0], 'indicatieLaatsteStatus'), 'J', label);
            break;
          }
          case 'lees-domeinxml': {
            const inhoud = a.text.match(/<(?:\w+:)?inhoud\b([^>]*)>([^<]*)</);
            assert.ok(inhoud, `${label}: inhoud`);
            assert.match(inhoud[1], /contentType="application\/xml"/, label);
            assert.match(inhoud[1], /bestandsnaam="deelplan-wmo\.xml"/, label);
            const bytes = Buffer.from(inhoud[2].replace(/\s+/g, ''), 'base64');
            assert.ok(bytes.equals(domeinXml()), `${label}: the domain XML comes back byte for byte (${bytes.length} of ${domeinXml().length} bytes)`);
            break;
          }
        }
      }
      // The whole flow ran: every step answered.
      assert.equal(Object.keys(answers).length, loadFlow(dialect).length);
      return { vars, answers };
    }

    const runs: Partial<Record<FlowDialect, Awaited<ReturnType<typeof runFlow>>>> = {};
    for (const dialect of DIALECTS) {
      it(`${dialect}: the whole flow in order`, async () => {
        runs[dialect] = await runFlow(dialect);
      });
      it(`${dialect}: after step 7 a geefZaakdetails of the deelplan shows heeftAlsHoofdzaak -> the gezinsplan`, () => {
        const run = runs[dialect];
        assert.ok(run, 'the flow ran');
        const a = run.answers['details-deelplan'];
        assert.match(a, new RegExp(`<(\\w+:)?heeftAlsHoofdzaak StUF:entiteittype="ZAKZAKHFD">\\s*<(\\w+:)?gerelateerde StUF:entiteittype="ZAK">\\s*` +
          `<(\\w+:)?identificatie>${run.vars.gezinsplan}</(\\w+:)?identificatie>\\s*<(\\w+:)?omschrijving>Gezinsplan<`), `heeftAlsHoofdzaak -> gezinsplan in:\n${a}`);
      });
    }
    it('zds-1.2: the flow again on the same database (fresh identificaties and referentienummers), the deelplan now created by REGIE', async () => {
      const run = await runFlow('zds-1.2', 'REGIE');
      assert.match(run.answers['genereer-deelplan'], /<StUF:ontvanger>(<StUF:organisatie>0999<\/StUF:organisatie>)?<StUF:applicatie>REGIE</);
    });
  });
});

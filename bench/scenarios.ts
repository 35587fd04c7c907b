// The load scenarios and what each gateway needs for them: a template zaak (creeerZaak through the gateway, six
// relations), copies of it seeded straight into the database (the random-read set with a realistic BSN spread, a pool
// for updateZaak and one for actualiseerZaakstatus), and a zaak with 500 documents (voegZaakdocumentToe through the
// gateway). Identificaties follow from the run id, so every gateway gets the same ones and one scenario list serves all.
import fs from 'node:fs';
import path from 'node:path';
import { Counter, runWide, send, type Scenario } from './load.ts';
import {
  A11, A12, actualiseerZaakstatus12, catalogueEntryOf, compile, geefLijstZaakdocumenten12, geefZaakdetails12, seedCreeerZaak12,
  SEED_BELANGHEBBENDE_BSN, SEED_INITIATOR_BSN, suitesCreeerZaak, updateZaak12, voegZaakdocumentToe12, zakLv01Bsn,
} from './messages.ts';
import { options, root } from './options.ts';
import { seedZaken, spreadBsn, templateOf, uniqueBsn, type BsnRule, type ZaakTemplate } from './seed.ts';
import type { BenchDb } from './databases.ts';

export const LA01_MET_ANTWOORD = (root: string) => new RegExp(`${root}[^>]*>[\\s\\S]*?<ZKN:antwoord>`);
const BV03 = /Bv03Bericht/;
const DOCUMENTEN = 500;

/** The identificaties of a run: the template zaak, the seeded sets (zaak i is prefix + i), the document zaak. */
export function ids(runId: string) {
  return { template: `0999B${runId}`, random: `0999R${runId}`, update: `0999U${runId}`, status: `0999S${runId}`, lijst: `0999L${runId}` };
}

/** The catalogue of the gateways: the shipped sociaal-domein catalogue plus the Suites4SociaalDomein zaaktype. */
export function writeCatalogue(tmp: string): { file: string; suites: ReturnType<typeof suitesCreeerZaak> } {
  const suites = suitesCreeerZaak(options.corpus);
  const catalogue = JSON.parse(fs.readFileSync(path.join(root, 'fixtures/catalogue/sociaal-domein.json'), 'utf8')) as { zaaktypen: unknown[] };
  catalogue.zaaktypen.push(catalogueEntryOf(suites.text));
  const file = path.join(tmp, 'catalogue.json');
  fs.writeFileSync(file, JSON.stringify(catalogue, null, 2));
  return { file, suites };
}

const pick = (size: number) => 1 + Math.floor(Math.random() * size);

/** geefZaakdetails of a different zaak on every request, out of `prefix` 1..size(). */
export const randomGeefZaakdetails = (runId: string, prefix: string, size: () => number): Scenario => ({
  name: 'geefZaakdetails-random', label: `geefZaakdetails, random zaak of ${size().toLocaleString('en-US')}`,
  path: '/zds/1.2/BeantwoordVraag', soapAction: `${A12}geefZaakdetails_ZakLv01`,
  body: (n) => geefZaakdetails12(prefix + pick(size()), `bench-${runId}-r${n}`), expect: LA01_MET_ANTWOORD('geefZaakdetails_ZakLa01'),
});

/** The zakLv01 BSN lookup of the initiator of a random zaak of `prefix` 1..size() (spreadBsn). */
export const bsnLookup = (runId: string, size: () => number): Scenario => ({
  name: 'zakLv01-bsn', label: 'zakLv01 BSN lookup (open gezinsplannen of an initiator)',
  path: '/stuf-zkn/3.10/BeantwoordVraag', soapAction: `${A11}zakLv01`,
  body: (n) => zakLv01Bsn(spreadBsn.js(pick(size())), `bench-${runId}-b${n}`), expect: LA01_MET_ANTWOORD('zakLa01'),
});

/** The load scenarios of the default run. */
export function scenarios(runId: string, suites: ReturnType<typeof suitesCreeerZaak>): Scenario[] {
  const id = ids(runId);
  const suitesBody = compile(suites);
  const t0 = Date.UTC(2024, 5, 1);
  /** 17 digits, one second further for every request: every status is later than the one before on its zaak */
  const gezet = (n: number) => new Date(t0 + n * 1000).toISOString().replace(/\D/g, '').slice(0, 14) + '000';
  const pool = (n: number) => 1 + ((n - 1) % options.poolZaken);
  return [
    {
      name: 'geefZaakdetails', label: 'geefZaakdetails (zaak with 6 relations)', path: '/zds/1.2/BeantwoordVraag', soapAction: `${A12}geefZaakdetails_ZakLv01`,
      body: geefZaakdetails12(id.template, `bench-${runId}-q`), expect: LA01_MET_ANTWOORD('geefZaakdetails_ZakLa01'), target: { sqlite: 0.7, postgres: 0.5 },
    },
    randomGeefZaakdetails(runId, id.random, () => options.randomZaken),
    bsnLookup(runId, () => options.randomZaken),
    {
      name: 'creeerZaak', label: `creeerZaak (${(Buffer.byteLength(suites.text) / 1024).toFixed(1)} KB)`, path: '/zds/1.1/OntvangAsynchroon', soapAction: `${A11}creeerZaak_Lk01`,
      body: (n) => suitesBody(`1900B${runId}${n}`, `bench-${runId}-${n}`), expect: BV03, target: { sqlite: 0.5, postgres: 0.35 },
    },
    {
      name: 'updateZaak', label: 'updateZaak (oud/nieuw, a seeded zaak per request)', path: '/zds/1.2/OntvangAsynchroon', soapAction: `${A12}updateZaak_ZakLk01`,
      body: (n) => updateZaak12(id.update + pool(n), Math.floor((n - 1) / options.poolZaken), `bench-${runId}-u${n}`), expect: BV03, perServer: true,
    },
    {
      name: 'actualiseerZaakstatus', label: 'actualiseerZaakstatus (new status per request)', path: '/zds/1.2/OntvangAsynchroon', soapAction: `${A12}actualiseerZaakstatus_ZakLk01`,
      body: (n) => actualiseerZaakstatus12(id.status + pool(n), n, gezet(n), `bench-${runId}-s${n}`), expect: BV03, perServer: true,
    },
    {
      name: 'geefLijstZaakdocumenten', label: `geefLijstZaakdocumenten (${DOCUMENTEN} documents)`, path: '/zds/1.2/BeantwoordVraag', soapAction: `${A12}geefLijstZaakdocumenten_ZakLv01`,
      body: geefLijstZaakdocumenten12(id.lijst, `bench-${runId}-l`), expect: LA01_MET_ANTWOORD('geefLijstZaakdocumenten_ZakLa01'),
    },
  ];
}

/** creeerZaak of zaak `identificatie` (seedCreeerZaak12) through the gateway. */
export async function creeerTemplate(url: string, identificatie: string): Promise<void> {
  const s: Scenario = { name: 'seed', label: 'seed', path: '/zds/1.2/OntvangAsynchroon', soapAction: `${A12}creeerZaak_ZakLk01`, body: seedCreeerZaak12(identificatie, `bench-${identificatie}`), expect: BV03 };
  const a = await send(url, s);
  if (a.status !== 200 || !BV03.test(a.text)) throw new Error(`creeerZaak ${identificatie}: HTTP ${a.status}\n${a.text.slice(0, 1000)}`);
}

/** The template's rows with BSN rules: initiators by `initiator` (spread), belanghebbenden each their own person. */
export async function seedTemplate(d: BenchDb, identificatie: string, initiator: BsnRule = spreadBsn): Promise<ZaakTemplate> {
  const t = await templateOf(d.db(), identificatie);
  for (const b of t.betrokkenen ?? []) {
    if (b.row.bsn === SEED_INITIATOR_BSN) b.bsn = initiator;
    else if (b.row.bsn === SEED_BELANGHEBBENDE_BSN) b.bsn = uniqueBsn(700000000);
  }
  return t;
}

/** Seeds what the selected scenarios need on one gateway. */
export async function prepare(url: string, d: BenchDb, runId: string, names: Set<string>): Promise<void> {
  const id = ids(runId);
  await creeerTemplate(url, id.template);
  // the random-read set carries the BSN spread of the lookup; the pools' initiators are persons of their own
  const sets: [string, string, number, BsnRule][] = [
    ['geefZaakdetails-random', id.random, options.randomZaken, spreadBsn], ['zakLv01-bsn', id.random, options.randomZaken, spreadBsn],
    ['updateZaak', id.update, options.poolZaken, uniqueBsn(800000000)], ['actualiseerZaakstatus', id.status, options.poolZaken, uniqueBsn(900000000)],
  ];
  const done = new Set<string>();
  for (const [name, prefix, count, initiator] of sets) {
    if (!names.has(name) || done.has(prefix)) continue;
    done.add(prefix);
    await seedZaken(d.db(), await seedTemplate(d, id.template, initiator), { prefix, from: 1, to: count });
  }
  if (names.has('geefLijstZaakdocumenten')) {
    await creeerTemplate(url, id.lijst);
    const klein = Buffer.from('kleine bijlage').toString('base64');
    const counter = new Counter();
    for (let i = 0; i < DOCUMENTEN; i++) {
      const s: Scenario = { name: 'doc', label: 'doc', path: '/zds/1.2/OntvangAsynchroon', soapAction: `${A12}voegZaakdocumentToe_EdcLk01`,
        body: voegZaakdocumentToe12(`${id.lijst}D${i}`, id.lijst, klein), expect: BV03 };
      const a = await send(url, s, counter);
      if (a.status !== 200) throw new Error(`document ${i} of ${id.lijst}: HTTP ${a.status}\n${a.text.slice(0, 1000)}`);
    }
  }
}

/** The request numbering of a scenario on a server: the run-wide counter, or the server's own (pools). */
export function counterFor(counters: Map<string, Counter>, sc: Scenario, server: string): Counter {
  if (!sc.perServer) return runWide;
  const key = `${sc.name}/${server}`;
  let c = counters.get(key);
  if (!c) counters.set(key, (c = new Counter()));
  return c;
}

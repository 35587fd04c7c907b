// Playing the gezinsplan/deelplan flow of fixtures/koppeling/ against a gateway: fresh values per run, stuurgegevens
// per message, and one step sent with its answer checked (HTTP 200, XSD-valid, the kind flow.json expects,
// crossRefnummer). Shared by test/koppeling-fixtures.test.ts and the end-to-end test/koppeling.test.ts.
import assert from 'node:assert/strict';
import type { RunningServer } from '../../src/http/server.ts';
import { assertValidAnswer, faultCode, post, textOf, uniqueId } from '../helpers.ts';
import { bsn, datum, messageVariables, tijdstip } from '../../src/conformance/template.ts';
import { domeinXml, fill, type FlowStep } from './fixtures.ts';

export type Vars = Record<string, string | undefined>;

export { bsn, datum, tijdstip } from '../../src/conformance/template.ts';

/** A small PDF-like gezinsplan (the gateway stores content as opaque bytes). */
export const GEZINSPLAN_PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Title (Gezinsplan Jansen) >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

/** Fresh values for one run of a flow: nothing collides with an earlier run on the same database. */
export function runVars(): Vars {
  const now = new Date();
  const later = new Date(now.getTime() + 90 * 24 * 3600 * 1000);
  return {
    bsnOuder: bsn(),
    bsnKind: bsn(),
    dossier: `${now.getFullYear()}-${uniqueId('').slice(0, 8)}`,
    datum: datum(now),
    datumStatusGezet: tijdstip(now),
    einddatumGepland: datum(later),
    documentGezinsplan: uniqueId('0999DOC'),
    documentDeelplan: uniqueId('0999DOC'),
    inhoudGezinsplanBase64: GEZINSPLAN_PDF.toString('base64'),
    domeinXmlBase64: domeinXml().toString('base64'),
    oudeToelichting: 'Gezinsplan opgesteld met het gezin Jansen',
    nieuweToelichting: 'Bijgesteld na één maand: Wmo-deelplan & schoolbegeleiding',
  };
}

/** Stuurgegevens of one message: the zender of its step, a new referentienummer, a strictly increasing tijdstipBericht. */
export function messageVars(zender: string): Vars {
  return { zender, ...messageVariables() };
}

/** The answer's kind as flow.json names it. */
export function answerKind(name: string): string {
  return name === 'Bv03Bericht' ? 'Bv03' : name.endsWith('Du02') ? 'Du02' : name.endsWith('La01') ? 'La01' : name;
}

/**
 * Sends one step (as `zender`, default the step's) and checks the answer: HTTP 200, valid against the step's
 * bundle, the expected kind, crossRefnummer = the request's referentienummer. Returns the answer text.
 */
export async function sendStep(srv: RunningServer, step: FlowStep, vars: Vars, zender = step.zender, label = `${step.id} (${step.file})`): Promise<string> {
  const mv = messageVars(zender);
  const a = await post(`${srv.url}${step.path}`, step.soapAction, fill(step.template, { ...vars, ...mv }));
  assert.equal(a.status, 200, `${label}: HTTP ${a.status}, ${faultCode(a.text)}: ${textOf(a.text, 'details') ?? textOf(a.text, 'faultstring')}`);
  const { name } = assertValidAnswer(srv, a.text, step.bundle);
  assert.equal(answerKind(name), step.answer, `${label}: answer ${name}`);
  assert.equal(textOf(a.text, 'crossRefnummer'), mv.referentienummer, `${label}: crossRefnummer`);
  return a.text;
}

/** identificaties of the ZAK objects in an answer or kennisgeving, in order */
export const zaakObjecten = (xml: string) =>
  [...xml.matchAll(/<(?:\w+:)?object StUF:entiteittype="ZAK"[^>]*>\s*<(?:\w+:)?identificatie>([^<]+)</g)].map((m) => m[1]);

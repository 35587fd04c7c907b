// The gezinsplan/deelplan message flow of fixtures/koppeling/ (guide §6): the ordered steps per dialect from
// flow.json with their template text, a strict placeholder filler and the opaque Wmo domain message.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// One filler for every templated message: the conformance runner's.
export { fill, placeholders } from '../../src/conformance/template.ts';

export type FlowDialect = 'zds-1.1' | 'zds-1.2';
export type Party = 'regie' | 'backoffice';
export type AnswerKind = 'Du02' | 'Bv03' | 'La01';

/** One step of flow.json. */
export interface FlowStepDef {
  /** unique within the dialect, e.g. `creeer-gezinsplan` */
  id: string;
  /** the step of the mission this message belongs to (guide §6; `7+` is a check after step 7) */
  stap: string;
  party: Party;
  /** zender applicatie: REGIE or WMO; fills `{{zender}}` where a file has it */
  zender: string;
  /** the message, relative to fixtures/koppeling/ */
  file: string;
  /** endpoint path on the gateway */
  path: string;
  soapAction: string;
  answer: AnswerKind;
  /** the schema bundle of the request and its answer: plain StUF-ZKN messages are 'zds-1.1' in both flows */
  bundle: FlowDialect;
  description?: string;
}

export interface FlowStep extends FlowStepDef {
  /** the file's text with its `{{placeholders}}` */
  template: string;
}

export const KOPPELING_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/koppeling');

let flowCache: Record<FlowDialect, FlowStepDef[]> | undefined;

function flowJson(): Record<FlowDialect, FlowStepDef[]> {
  flowCache ??= JSON.parse(fs.readFileSync(path.join(KOPPELING_DIR, 'flow.json'), 'utf8')) as Record<FlowDialect, FlowStepDef[]>;
  return flowCache;
}

/** The steps of one dialect's flow, in order, each with its template text. */
export function loadFlow(dialect: FlowDialect): FlowStep[] {
  const steps = flowJson()[dialect];
  if (!Array.isArray(steps)) throw new Error(`flow.json has no flow for ${dialect}`);
  return steps.map((s) => ({ ...s, template: fs.readFileSync(path.join(KOPPELING_DIR, s.file), 'utf8') }));
}

/** The raw bytes of domein/deelplan-wmo.xml (ISO-8859-1), as they must come back from geefZaakdocumentLezen. */
export function domeinXml(): Buffer {
  return fs.readFileSync(path.join(KOPPELING_DIR, 'domein', 'deelplan-wmo.xml'));
}

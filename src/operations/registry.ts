// The routing table as data: one row per (dialect, service). A row names the SOAPAction, the body
// root, the port, the berichtcode of the request and the answer root. One operation module serves
// every dialect of a service.
import { NS } from '../xml/namespaces.ts';
import { A11, A12, type DialectId } from '../stuf/dialect.ts';

export type PortKind = 'vraag' | 'async' | 'vrij';
export type Berichtcode = 'Lk01' | 'Lv01' | 'Di01' | 'Di02' | 'Du01';

export interface Route {
  operation: string;
  dialect: DialectId;
  port: PortKind;
  action: string;
  rootNs: string;
  rootName: string;
  berichtcode: Berichtcode;
  /** answer root for La01/Du02 (prefixed); Lk01/Di01/Du01 are answered with Bv03, some Di02 with Bv02 */
  answerRoot?: string;
  /** entiteittype of a vraag/kennisgeving, functie of a vrij bericht */
  entiteittype?: string;
  functie?: string;
}

/** The WSDL port names per dialect. */
export const PORT_NAMES: Record<DialectId, Record<PortKind, string>> = {
  'zds-1.1': { vraag: 'BeantwoordVraag', async: 'OntvangAsynchroon', vrij: 'VrijeBerichten' },
  'zds-1.2': { vraag: 'BeantwoordVraag', async: 'OntvangAsynchroon', vrij: 'VerwerkSynchroonVrijBericht' },
  'stuf-zkn': { vraag: 'BeantwoordVraag', async: 'OntvangAsynchroon', vrij: 'VrijeBerichten' },
};

type Row = [operation: string, port: PortKind, code: Berichtcode, ent: string, v11: string | null, v12: string | null];

// ZDS services: [operation, port, berichtcode, entiteittype|functie, 1.1 action/root suffix, 1.2 root]
// 1.1 roots are the generic ZKN messages (zakLk01, ...) or the vrij bericht name; 1.2 roots are ZDS:<root>.
const SERVICES: Row[] = [
  ['geefZaakstatus', 'vraag', 'Lv01', 'ZAK', 'geefZaakstatus_Lv01', 'geefZaakstatus_ZakLv01'],
  ['geefZaakdetails', 'vraag', 'Lv01', 'ZAK', 'geefZaakdetails_Lv01', 'geefZaakdetails_ZakLv01'],
  ['geefLijstZaakdocumenten', 'vraag', 'Lv01', 'ZAK', 'geefLijstZaakdocumenten_Lv01', 'geefLijstZaakdocumenten_ZakLv01'],
  ['geefZaakdocumentLezen', 'vraag', 'Lv01', 'EDC', 'geefZaakdocumentLezen_Lv01', 'geefZaakdocumentLezen_EdcLv01'],
  ['geefBesluitdetails', 'vraag', 'Lv01', 'BSL', null, 'geefBesluitdetails_BslLv01'],
  ['geefLijstBesluiten', 'vraag', 'Lv01', 'ZAK', null, 'geefLijstBesluiten_ZakLv01'],
  ['actualiseerZaakstatus', 'async', 'Lk01', 'ZAK', 'actualiseerZaakstatus_Lk01', 'actualiseerZaakstatus_ZakLk01'],
  ['creeerZaak', 'async', 'Lk01', 'ZAK', 'creeerZaak_Lk01', 'creeerZaak_ZakLk01'],
  ['updateZaak', 'async', 'Lk01', 'ZAK', 'updateZaak_Lk01', 'updateZaak_ZakLk01'],
  ['voegZaakdocumentToe', 'async', 'Lk01', 'EDC', 'voegZaakdocumentToe_Lk01', 'voegZaakdocumentToe_EdcLk01'],
  ['maakZaakdocument', 'async', 'Lk01', 'EDC', 'maakZaakdocument_Lk01', 'maakZaakdocument_EdcLk01'],
  ['updateBesluit', 'async', 'Lk01', 'BSL', null, 'updateBesluit_BslLk01'],
  ['voegBesluitToe', 'async', 'Di01', 'voegBesluitToe', null, 'voegBesluitToe_Di01'],
  // overdragenZaak: the request to take a zaak over (Di01, the ZSC side) and its answer (Du01, accepted/refused)
  ['overdragenZaak', 'async', 'Di01', 'overdragenZaak', null, 'overdragenZaak_Di01'],
  ['overdragenZaakAntwoord', 'async', 'Du01', 'overdragenZaak', null, 'overdragenZaak_Du01'],
  ['genereerZaakIdentificatie', 'vrij', 'Di02', 'genereerZaakidentificatie', 'genereerZaakIdentificatie_Di02', 'genereerZaakIdentificatie_Di02'],
  ['genereerDocumentIdentificatie', 'vrij', 'Di02', 'genereerDocumentidentificatie', 'genereerDocumentIdentificatie_Di02', 'genereerDocumentIdentificatie_Di02'],
  ['genereerBesluitIdentificatie', 'vrij', 'Di02', 'genereerBesluitidentificatie', null, 'genereerBesluitIdentificatie_Di02'],
  ['geefZaakdocumentbewerken', 'vrij', 'Di02', 'geefZaakdocumentbewerken', 'geefZaakdocumentbewerken_Di02', 'geefZaakdocumentBewerken_Di02'],
  ['updateZaakdocument', 'vrij', 'Di02', 'updateZaakdocument', 'updateZaakdocument_Di02', 'updateZaakdocument_Di02'],
  ['cancelCheckout', 'vrij', 'Di02', 'cancelCheckout', 'cancelCheckout_Di02', 'cancelCheckout_Di02'],
  ['ontkoppelZaakdocument', 'vrij', 'Di02', 'ontkoppelZaakdocument', null, 'ontkoppelZaakdocument_Di02'],
];

/** 1.1 request roots of the services that reuse generic ZKN messages. */
const GENERIC_ROOT: Record<string, string> = {
  geefZaakstatus: 'zakLv01', geefZaakdetails: 'zakLv01', geefLijstZaakdocumenten: 'zakLv01', geefZaakdocumentLezen: 'edcLv01',
  actualiseerZaakstatus: 'zakLk01', creeerZaak: 'zakLk01', updateZaak: 'zakLk01', voegZaakdocumentToe: 'edcLk01', maakZaakdocument: 'edcLk01',
};

const LA01_1_1: Record<string, string> = { ZAK: 'ZKN:zakLa01', EDC: 'ZKN:edcLa01', BSL: 'ZKN:bslLa01' };

function answerRoot(op: string, code: Berichtcode, ent: string, v12Root: string | null, dialect: DialectId): string | undefined {
  if (code === 'Lv01') return dialect === 'zds-1.2' ? `ZDS:${v12Root!.replace(/Lv01$/, 'La01')}` : LA01_1_1[ent];
  if (code !== 'Di02' || ['updateZaakdocument', 'cancelCheckout', 'ontkoppelZaakdocument'].includes(op)) return undefined;
  if (dialect === 'zds-1.2') return `ZDS:${v12Root!.replace(/Di02$/, 'Du02')}`;
  return `ZKN:${op}_Du02`;
}

function build(): Route[] {
  const routes: Route[] = [];
  for (const [operation, port, code, ent, v11, v12] of SERVICES) {
    const isVrij = code === 'Di02' || code === 'Di01' || code === 'Du01';
    const meta = isVrij ? { functie: ent } : { entiteittype: ent };
    if (v11) {
      routes.push({ operation, dialect: 'zds-1.1', port, action: A11 + v11, rootNs: NS.ZKN, rootName: GENERIC_ROOT[operation] ?? v11,
        berichtcode: code, answerRoot: answerRoot(operation, code, ent, v12, 'zds-1.1'), ...meta });
    }
    if (v12) {
      // geefZaakdocumentBewerken: root with capital B, SOAPAction with lower-case b (guide §3.1 #9)
      const action = A12 + (operation === 'geefZaakdocumentbewerken' ? 'geefZaakdocumentbewerken_Di02' : v12);
      routes.push({ operation, dialect: 'zds-1.2', port, action, rootNs: NS.ZDS, rootName: v12,
        berichtcode: code, answerRoot: answerRoot(operation, code, ent, v12, 'zds-1.2'), ...meta });
    }
  }
  // Plain StUF-ZKN 3.10: the generic kennisgeving and vraag, dispatched on content.
  routes.push({ operation: 'zakLv01', dialect: 'stuf-zkn', port: 'vraag', action: `${A11}zakLv01`, rootNs: NS.ZKN, rootName: 'zakLv01', berichtcode: 'Lv01', answerRoot: 'ZKN:zakLa01', entiteittype: 'ZAK' });
  routes.push({ operation: 'zakLk01', dialect: 'stuf-zkn', port: 'async', action: `${A11}zakLk01`, rootNs: NS.ZKN, rootName: 'zakLk01', berichtcode: 'Lk01', entiteittype: 'ZAK' });
  routes.push({ operation: 'edcLv01', dialect: 'stuf-zkn', port: 'vraag', action: `${A11}edcLv01`, rootNs: NS.ZKN, rootName: 'edcLv01', berichtcode: 'Lv01', answerRoot: 'ZKN:edcLa01', entiteittype: 'EDC' });
  routes.push({ operation: 'edcLk01', dialect: 'stuf-zkn', port: 'async', action: `${A11}edcLk01`, rootNs: NS.ZKN, rootName: 'edcLk01', berichtcode: 'Lk01', entiteittype: 'EDC' });
  return routes;
}

export const ROUTES: readonly Route[] = build();

// The koppeling's routing rules (configuration `routing`): which party creates a deelplan, and whether messages
// about a person who is in a gezinsplan go via the regiesysteem, are configuration, not code. A rule matches on
// operation, zender, zaaktype and "the person has an open gezinsplan"; the first matching rule decides:
//   accept           process as usual (also when no rule matches)
//   linkAsDeelplan   process, then link each zaak the message created as deelplan of the person's gezinsplan
//   notify           process, and send its kennisgevingen to `subscriber` whatever that subscription's filter
//   forward          do not process: send the message to `forward.url` and relay its answer
//   refuse           do not process: a Fo03/Fo02 with `fault.code` (default StUF058) and `fault.text`
// linkAsDeelplan may name a `subscriber` too (link and notify).
import type { Knex } from 'knex';
import { BETROKKENE_ROLES } from '../domain/zaak.ts';
import { objects, readZaak } from '../operations/read/zaak.ts';
import { lees } from '../store/lezen.ts';
import { readZaakSelectie } from '../stuf/selectie.ts';
import type { Stuurgegevens } from '../stuf/stuurgegevens.ts';
import type { XNode } from '../xml/tree.ts';
import type { Abonnement } from '../notify/abonnementen.ts';

export const ACTIES = ['accept', 'linkAsDeelplan', 'notify', 'forward', 'refuse'] as const;
export type Actie = (typeof ACTIES)[number];

export interface Regel {
  name?: string;
  match?: {
    /** route operations (creeerZaak, updateZaak, zakLv01, voegZaakdocumentToe, ...) */
    operations?: string[];
    /** zender applicatie, or organisatie/applicatie */
    zenders?: string[];
    /** zaaktype codes named in the message (isVan, or the zaaktype selected in a vraag) */
    zaaktypen?: string[];
    /** true: the initiator or a zaakobject person in the message has an open gezinsplan; false: has none */
    personInGezinsplan?: boolean;
  };
  action: Actie;
  /** notify, linkAsDeelplan: the subscription (by name) that gets the kennisgevingen */
  subscriber?: string;
  /** forward: where to, and the SOAPAction to use there (default: the request's) */
  forward?: { url: string; soapAction?: string; timeoutMs?: number };
  /** refuse: the fault */
  fault?: { code?: string; text: string };
}

export function checkRegels(list: unknown, abonnementen: Abonnement[]): Regel[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error('configuration: routing must be a list of rules');
  (list as Regel[]).forEach((r, i) => {
    const where = `configuration: routing rule ${r?.name ?? i + 1}`;
    if (!ACTIES.includes(r?.action)) throw new Error(`${where}: action must be one of ${ACTIES.join(', ')}`);
    if (r.action === 'notify' && !r.subscriber) throw new Error(`${where}: notify needs a subscriber`);
    if (r.subscriber && !abonnementen.some((a) => a.name === r.subscriber)) throw new Error(`${where}: subscriber ${r.subscriber} is not in subscriptions`);
    if (r.action === 'forward' && !/^https?:\/\//.test(r.forward?.url ?? '')) throw new Error(`${where}: forward needs forward.url (http or https)`);
    if (r.action === 'refuse' && !r.fault?.text) throw new Error(`${where}: refuse needs fault.text`);
    if (r.fault?.code && !/^StUF\d{3}$/.test(r.fault.code)) throw new Error(`${where}: fault.code must look like StUF058`);
  });
  return list as Regel[];
}

/** What a rule can match on, read from the message once. */
export interface Feiten {
  operation: string;
  zender: Stuurgegevens['zender'];
  zaaktypen: string[];
  bsns: string[];
}

const PERSOON_ROLLEN = new Set<string>(['heeftAlsInitiator', 'heeftBetrekkingOp']);

/** Zaaktypen and the BSNs of initiator and zaakobject persons named in the message (objects or selection). */
export function feitenVan(operation: string, sg: Stuurgegevens, message: XNode): Feiten {
  const zaaktypen = new Set<string>();
  const bsns = new Set<string>();
  for (const o of objects(message)) {
    if (o.attrs['StUF:entiteittype'] !== undefined && o.attrs['StUF:entiteittype'] !== 'ZAK') continue;
    const z = readZaak(o);
    if (z.zaaktype?.code) zaaktypen.add(z.zaaktype.code);
    for (const b of z.betrokkenen) if (b.bsn && PERSOON_ROLLEN.has(b.rol)) bsns.add(b.bsn);
  }
  if (message.children.some((c) => c.name === 'gelijk')) {
    const sel = readZaakSelectie(message);
    if (sel.zaaktypeCode) zaaktypen.add(sel.zaaktypeCode);
    for (const b of sel.betrokkenen) if (b.bsn && PERSOON_ROLLEN.has(b.rol)) bsns.add(b.bsn);
  }
  return { operation, zender: sg.zender, zaaktypen: [...zaaktypen], bsns: [...bsns] };
}

/** The SQL of the open gezinsplannen in which one of these BSNs is initiator or zaakobject (betrokkene (bsn, rol) index). */
export function openGezinsplannenQuery(bsns: string[], gezinsplanZaaktypen: string[], gemeente: string): { sql: string; bindings: string[] } {
  const rollen = BETROKKENE_ROLES.filter((r) => PERSOON_ROLLEN.has(r));
  const m = (n: number) => new Array(n).fill('?').join(', ');
  return {
    sql: `select z.id, z.identificatie from zaak z where z.gemeente = ? and z.einddatum is null and z.zaaktype_code in (${m(gezinsplanZaaktypen.length)}) ` +
      `and z.id in (select b.zaak_id from betrokkene b where b.bsn in (${m(bsns.length)}) and b.rol in (${m(rollen.length)})) order by z.id`,
    bindings: [gemeente, ...gezinsplanZaaktypen, ...bsns, ...rollen],
  };
}

export async function openGezinsplannen(db: Knex, bsns: string[], gezinsplanZaaktypen: string[], gemeente: string): Promise<{ id: number; identificatie: string }[]> {
  if (!bsns.length || !gezinsplanZaaktypen.length) return [];
  const q = openGezinsplannenQuery(bsns, gezinsplanZaaktypen, gemeente);
  return lees(db, q.sql, q.bindings);
}

const zenderMatch = (zenders: string[], z: Feiten['zender']) =>
  zenders.some((k) => k === z?.applicatie || k === `${z?.organisatie ?? ''}/${z?.applicatie ?? ''}`);

/**
 * The first rule that matches, with the gezinsplannen of the message's persons when a rule asked for them.
 * `gezinsplannen` is looked up at most once, and only when a rule that is otherwise matching needs it.
 */
export async function kiesRegel(regels: Regel[], f: Feiten, gezinsplannen: () => Promise<{ id: number; identificatie: string }[]>):
  Promise<{ regel: Regel; gezinsplannen?: { id: number; identificatie: string }[] } | undefined> {
  let gevonden: { id: number; identificatie: string }[] | undefined;
  for (const regel of regels) {
    const m = regel.match ?? {};
    if (m.operations?.length && !m.operations.includes(f.operation)) continue;
    if (m.zenders?.length && !zenderMatch(m.zenders, f.zender)) continue;
    if (m.zaaktypen?.length && !m.zaaktypen.some((z) => f.zaaktypen.includes(z))) continue;
    if (m.personInGezinsplan !== undefined || regel.action === 'linkAsDeelplan') {
      gevonden ??= await gezinsplannen();
      if (m.personInGezinsplan !== undefined && m.personInGezinsplan !== gevonden.length > 0) continue;
    }
    return { regel, gezinsplannen: gevonden };
  }
  return undefined;
}

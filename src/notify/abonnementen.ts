// Subscriptions (configuration `subscriptions`): who receives kennisgevingen about which zaken, where, and how
// deliveries are retried (`delivery`). Checked once at start-up, so a typo is a start-up error, not silence.
import type { Systeem } from '../stuf/stuurgegevens.ts';
import { GEBEURTENISSEN, type Gebeurtenis } from './gebeurtenissen.ts';

export interface Abonnement {
  /** the abonnee, unique; also the default ontvanger applicatie */
  name: string;
  /** the abonnee's StUF-ZKN OntvangAsynchroon endpoint */
  url: string;
  /** SOAPAction of the kennisgevingen; `{bericht}` stands for zakLk01 / edcLk01 (default: the zkn0310 actions) */
  soapAction?: string;
  soapVersion?: '1.1' | '1.2';
  /** the StUF ontvanger written in the kennisgevingen (default: applicatie = name) */
  ontvanger?: Systeem;
  filter?: {
    /** zaaktype codes (none: every zaaktype) */
    zaaktypen?: string[];
    /** the changes that cause a kennisgeving (none: every change) */
    events?: Gebeurtenis[];
    /** only deelplannen: zaken that are a deelzaak of a gezinsplan (koppeling.gezinsplanZaaktypen) */
    onlyUnderGezinsplan?: boolean;
    /** with gemeente isolation: only zaken of these gemeenten (none: every gemeente) */
    gemeenten?: string[];
  };
  /** after the zakLk01, an edcLk01 with each domain data document of the zaak the abonnee has not received yet */
  domainData?: boolean;
}

export interface Bezorging {
  /** attempts before an entry becomes a dead letter */
  maxAttempts: number;
  /** backoff: base * 2^(attempt-1), capped, with full jitter */
  baseDelayMs: number;
  maxDelayMs: number;
  /** one HTTP attempt; also the claim lease (a process that dies mid-attempt leaves the entry to others after it) */
  timeoutMs: number;
  /** how often the worker looks for due entries (other processes' entries and retries) */
  pollMs: number;
  /** false: this process writes the outbox but does not deliver (another process does) */
  worker: boolean;
}

export const DEFAULT_BEZORGING: Bezorging = { maxAttempts: 10, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, timeoutMs: 30_000, pollMs: 1000, worker: true };

export const ZKN_ACTION = 'http://www.egem.nl/StUF/sector/zkn/0310/{bericht}';

export function checkAbonnementen(list: unknown): Abonnement[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new Error('configuration: subscriptions must be a list');
  const names = new Set<string>();
  for (const a of list as Abonnement[]) {
    const where = `configuration: subscription ${JSON.stringify(a?.name ?? '?')}`;
    if (!a?.name || typeof a.name !== 'string') throw new Error('configuration: every subscription needs a name');
    if (names.has(a.name)) throw new Error(`${where} is defined twice`);
    names.add(a.name);
    if (!/^https?:\/\//.test(a.url ?? '')) throw new Error(`${where}: url must be an http(s) URL`);
    if (a.soapVersion !== undefined && a.soapVersion !== '1.1' && a.soapVersion !== '1.2') throw new Error(`${where}: soapVersion must be 1.1 or 1.2`);
    for (const e of a.filter?.events ?? []) {
      if (!GEBEURTENISSEN.includes(e)) throw new Error(`${where}: unknown event ${e} (known: ${GEBEURTENISSEN.join(', ')})`);
    }
    const app = a.ontvanger?.applicatie ?? a.name;
    if (app.length < 3) throw new Error(`${where}: ontvanger applicatie '${app}' must have at least 3 characters (StUF)`);
  }
  return list as Abonnement[];
}

/** The StUF ontvanger of an abonnee's kennisgevingen. */
export const ontvangerVan = (a: Abonnement): Systeem => ({ ...a.ontvanger, applicatie: a.ontvanger?.applicatie ?? a.name });

export const soapActionVan = (a: Abonnement, bericht: 'zakLk01' | 'edcLk01'): string => (a.soapAction ?? ZKN_ACTION).replace('{bericht}', bericht);

/** Does a change of this zaak concern the abonnee? */
export function betreft(a: Abonnement, zaak: { zaaktype_code: string | null; gemeente: string }, events: Set<Gebeurtenis>, onderGezinsplan: boolean): boolean {
  const f = a.filter ?? {};
  const zaaktype = zaak.zaaktype_code;
  if (f.gemeenten?.length && !f.gemeenten.includes(zaak.gemeente)) return false;
  if (f.zaaktypen?.length && (!zaaktype || !f.zaaktypen.includes(zaaktype))) return false;
  if (f.events?.length && !f.events.some((e) => events.has(e))) return false;
  return !f.onlyUnderGezinsplan || onderGezinsplan;
}

// Who may do what (configuration `authorisation`, `security.certificates`). Without an `authorisation` section the
// gateway is open (development, conformance runs). With it:
//   - the ontvanger must be this gateway (StUF010),
//   - the zender must be configured (StUF013): `organisatie/applicatie/gebruiker`, `organisatie/applicatie` or
//     `applicatie`, the most specific entry wins,
//   - the operation must be one it may call (StUF052),
//   - and when the client presented a TLS certificate and `security.certificates` maps subjects, that certificate
//     must be one that may speak for this zender (StUF052): stuurgegevens alone prove nothing.
// A zender entry may name its `gemeente`: the organisation whose zaken it works on (gemeente isolation).
import type { Stuurgegevens, Systeem } from '../stuf/stuurgegevens.ts';
import { StufCode, StufError } from '../stuf/errors.ts';

export interface ZenderRecht {
  /** route operations (creeerZaak, geefZaakdetails, ...) or '*' */
  operations: string[];
  /** the gemeente (organisatie code) whose zaken this zender works on; default: its own organisatie */
  gemeente?: string;
}

export interface Autorisatie {
  zenders: Record<string, ZenderRecht>;
  /** the applicaties (optionally organisatie/applicatie) that are this gateway as ontvanger; default the zaaksysteem's */
  ontvangers?: string[];
}

/** Certificate subject (all of its `K=V` parts must be in the presented subject) -> zender keys it may speak for. */
export type Certificaten = Record<string, string[]>;

export function checkAutorisatie(a: unknown): Autorisatie | undefined {
  if (a === undefined || a === null) return undefined;
  const z = (a as Autorisatie).zenders;
  if (!z || typeof z !== 'object') throw new Error('configuration: authorisation.zenders must map zender keys to { operations: [...] }');
  for (const [k, r] of Object.entries(z)) {
    if (!Array.isArray(r?.operations)) throw new Error(`configuration: authorisation.zenders["${k}"].operations must be a list ('*' for all)`);
  }
  return a as Autorisatie;
}

/** The configured entry of a zender, most specific key first. */
function recht(a: Autorisatie, z: Systeem | undefined): { key: string; recht: ZenderRecht } | undefined {
  const org = z?.organisatie ?? '';
  const app = z?.applicatie ?? '';
  for (const key of [z?.gebruiker ? `${org}/${app}/${z.gebruiker}` : undefined, `${org}/${app}`, app]) {
    if (key !== undefined && Object.hasOwn(a.zenders, key)) return { key, recht: a.zenders[key] };
  }
  return undefined;
}

/** `CN=a,O=b` -> ['CN=a', 'O=b'] (commas inside values are escaped as \, in DNs) */
const delen = (subject: string) => subject.split(/(?<!\\),/).map((s) => s.trim()).filter(Boolean);

/** Does a presented certificate subject have every `K=V` part of a configured one? */
export function certificaatPast(geconfigureerd: string, subject: string): boolean {
  const have = new Set(delen(subject));
  return delen(geconfigureerd).every((p) => have.has(p));
}

/** The zender keys a presented certificate subject may speak for (undefined: no mapping configured). */
export function zendersVanCertificaat(certificaten: Certificaten | undefined, subject: string | undefined): string[] | undefined {
  if (!certificaten || !Object.keys(certificaten).length) return undefined;
  if (!subject) return [];
  return Object.entries(certificaten).filter(([k]) => certificaatPast(k, subject)).flatMap(([, v]) => v);
}

export interface Toegang {
  /** the gemeente this message works on ('' when isolation is off) */
  gemeente: string;
}

/**
 * Checks one message; returns what the zender may see. `isolatie`: zaken are kept per gemeente (the zender's
 * configured gemeente, else its organisatie).
 */
export function autoriseer(sg: Stuurgegevens, operation: string, o: {
  autorisatie?: Autorisatie; zaaksysteem: Systeem; certificaten?: Certificaten; certificaat?: string; isolatie: boolean;
}): Toegang {
  const a = o.autorisatie;
  let gemeente: string | undefined;
  if (a) {
    const ontvangers = a.ontvangers ?? [o.zaaksysteem.applicatie!];
    const ont = sg.ontvanger;
    if (!ont?.applicatie || !(ontvangers.includes(ont.applicatie) || ontvangers.includes(`${ont.organisatie ?? ''}/${ont.applicatie}`))) {
      throw new StufError(StufCode.ontvangerUnknown, `Ontvanger ${ont?.organisatie ? `${ont.organisatie}/` : ''}${ont?.applicatie ?? '(geen)'} is niet deze zaakservice`, { plek: 'client' });
    }
    const r = recht(a, sg.zender);
    if (!r) throw new StufError(StufCode.zenderUnknown, `Zender ${sg.zender?.organisatie ?? ''}/${sg.zender?.applicatie ?? ''} is hier niet bekend`, { plek: 'client' });
    if (!r.recht.operations.includes('*') && !r.recht.operations.includes(operation)) {
      throw new StufError(StufCode.notAuthorised, `Zender ${r.key} mag ${operation} niet aanroepen`, { plek: 'client' });
    }
    gemeente = r.recht.gemeente;
  }
  const mag = zendersVanCertificaat(o.certificaten, o.certificaat);
  if (mag) {
    const z = sg.zender;
    const keys = [`${z?.organisatie ?? ''}/${z?.applicatie ?? ''}/${z?.gebruiker ?? ''}`, `${z?.organisatie ?? ''}/${z?.applicatie ?? ''}`, z?.applicatie ?? ''];
    if (!keys.some((k) => mag.includes(k))) {
      throw new StufError(StufCode.notAuthorised, o.certificaat ? 'Het clientcertificaat mag niet namens deze zender berichten sturen' : 'Deze zender moet een clientcertificaat gebruiken', { plek: 'client' });
    }
  }
  return { gemeente: o.isolatie ? (gemeente ?? sg.zender?.organisatie ?? '') : '' };
}

// Stuurgegevens: read from the request, written (swapped) into answers (StUF §4, guide §2.2).
import { randomUUID } from 'node:crypto';
import { child, textAt, type XNode } from '../xml/tree.ts';
import { leaf } from '../xml/writer.ts';
import { tijdstip } from './datum.ts';

export interface Systeem {
  organisatie?: string;
  applicatie?: string;
  administratie?: string;
  gebruiker?: string;
}

export interface Stuurgegevens {
  berichtcode?: string;
  zender?: Systeem;
  ontvanger?: Systeem;
  referentienummer?: string;
  tijdstipBericht?: string;
  crossRefnummer?: string;
  entiteittype?: string;
  functie?: string;
}

function readSysteem(n: XNode | undefined): Systeem | undefined {
  if (!n) return undefined;
  return {
    organisatie: textAt(n, 'organisatie'), applicatie: textAt(n, 'applicatie'),
    administratie: textAt(n, 'administratie'), gebruiker: textAt(n, 'gebruiker'),
  };
}

export function readStuurgegevens(message: XNode): Stuurgegevens {
  const s = child(message, 'stuurgegevens');
  return {
    berichtcode: textAt(s, 'berichtcode'), zender: readSysteem(child(s, 'zender')), ontvanger: readSysteem(child(s, 'ontvanger')),
    referentienummer: textAt(s, 'referentienummer'), tijdstipBericht: textAt(s, 'tijdstipBericht'),
    crossRefnummer: textAt(s, 'crossRefnummer'), entiteittype: textAt(s, 'entiteittype'), functie: textAt(s, 'functie'),
  };
}

/** A stable key of a zender for the idempotency log and policies: organisatie/applicatie/administratie/gebruiker. */
export const zenderKey = (z?: Systeem) => [z?.organisatie ?? '', z?.applicatie ?? '', z?.administratie ?? '', z?.gebruiker ?? ''].join('/');

function writeSysteem(tag: string, s: Systeem | undefined): string {
  // applicatie is required (3..50 chars); never write an empty systeem.
  if (!s?.applicatie) return '';
  return `<StUF:${tag}>${leaf('StUF:organisatie', s.organisatie)}${leaf('StUF:applicatie', s.applicatie)}` +
    `${leaf('StUF:administratie', s.administratie)}${leaf('StUF:gebruiker', s.gebruiker || undefined)}</StUF:${tag}>`;
}

const UNKNOWN: Systeem = { applicatie: 'ONBEKEND' };

export const newReferentienummer = () => `ZKM${randomUUID().replace(/-/g, '')}`;

/** Stuurgegevens of an answer: zender and ontvanger swapped, a new referentienummer, crossRefnummer = theirs. */
export function answerStuurgegevens(
  wrapper: string, berichtcode: string, request: Stuurgegevens, us: Systeem,
  extra: { entiteittype?: string; functie?: string } = {},
): string {
  const zender = request.ontvanger?.applicatie ? request.ontvanger : us;
  // Bv03/Fo03 require an ontvanger; when the request could not be read we do not know it.
  const ontvanger = request.zender?.applicatie ? request.zender : berichtcode.endsWith('03') ? UNKNOWN : undefined;
  return `<${wrapper}>${leaf('StUF:berichtcode', berichtcode)}${writeSysteem('zender', zender)}${writeSysteem('ontvanger', ontvanger)}` +
    `${leaf('StUF:referentienummer', newReferentienummer())}${leaf('StUF:tijdstipBericht', tijdstip())}` +
    `${leaf('StUF:crossRefnummer', request.referentienummer ?? (berichtcode.endsWith('03') ? UNKNOWN.applicatie : undefined))}${leaf('StUF:entiteittype', extra.entiteittype)}${leaf('StUF:functie', extra.functie)}</${wrapper}>`;
}

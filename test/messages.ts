// Hand-written test messages shared by several test files.
import { A11, A12 } from '../src/stuf/dialect.ts';
import { envelope, uniqueId, XMLNS } from './helpers.ts';

/** A valid ZDS 1.2 creeerZaak_ZakLk01 (zaaktype GZP of the shipped catalogue, a natuurlijk persoon as initiator). */
export function creeerZaak12(id: string, opts: { zaaktype?: string; applicatie?: string; extra?: string; ref?: string } = {}): string {
  return envelope(`<ZDS:creeerZaak_ZakLk01 ${XMLNS}><ZKN:stuurgegevens><StUF:berichtcode>Lk01</StUF:berichtcode>
  <StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>${opts.applicatie ?? 'REGIE'}</StUF:applicatie></StUF:zender>
  <StUF:ontvanger><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger>
  <StUF:referentienummer>${opts.ref ?? uniqueId('R')}</StUF:referentienummer><StUF:tijdstipBericht>20240311093015123</StUF:tijdstipBericht>
  <StUF:entiteittype>ZAK</StUF:entiteittype></ZKN:stuurgegevens>
  <ZKN:parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>
  <ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="T">
    <ZKN:identificatie>${id}</ZKN:identificatie><ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>${opts.extra ?? ''}
    <ZKN:startdatum>20240311</ZKN:startdatum><ZKN:registratiedatum>20240311</ZKN:registratiedatum>
    <ZKN:zaakniveau>1</ZKN:zaakniveau><ZKN:deelzakenIndicatie>J</ZKN:deelzakenIndicatie>
    <ZKN:isVan StUF:entiteittype="ZAKZKT" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZKT" StUF:verwerkingssoort="I">
      <ZKN:omschrijving>Gezinsplan</ZKN:omschrijving><ZKN:code>${opts.zaaktype ?? 'GZP'}</ZKN:code></ZKN:gerelateerde></ZKN:isVan>
    <ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI" StUF:verwerkingssoort="T"><ZKN:gerelateerde>
      <ZKN:natuurlijkPersoon StUF:entiteittype="NPS" StUF:verwerkingssoort="T"><BG:inp.bsn>999999990</BG:inp.bsn><BG:geslachtsnaam>Jansen</BG:geslachtsnaam></ZKN:natuurlijkPersoon>
    </ZKN:gerelateerde></ZKN:heeftAlsInitiator>
  </ZKN:object></ZDS:creeerZaak_ZakLk01>`);
}

// Kennisgevingen (Lk01) built from object fragments: creeerZaak, updateZaak, actualiseerZaakstatus, zakLk01.
export const ROOTS = {
  updateZaak: { '1.2': ['ZDS:updateZaak_ZakLk01', `${A12}updateZaak_ZakLk01`], '1.1': ['ZKN:zakLk01', `${A11}updateZaak_Lk01`] },
  actualiseerZaakstatus: { '1.2': ['ZDS:actualiseerZaakstatus_ZakLk01', `${A12}actualiseerZaakstatus_ZakLk01`], '1.1': ['ZKN:zakLk01', `${A11}actualiseerZaakstatus_Lk01`] },
  creeerZaak: { '1.2': ['ZDS:creeerZaak_ZakLk01', `${A12}creeerZaak_ZakLk01`], '1.1': ['ZKN:zakLk01', `${A11}creeerZaak_Lk01`] },
  zakLk01: { '1.1': ['ZKN:zakLk01', `${A11}zakLk01`], '1.2': ['ZKN:zakLk01', `${A11}zakLk01`] },
} as const;
export type Service = keyof typeof ROOTS;

export interface Msg { xml: string; action: string; ref: string }

export function kennisgeving(service: Service, d: '1.1' | '1.2', mutatiesoort: string, objects: string, opts: { ref?: string; applicatie?: string } = {}): Msg {
  const [root, action] = ROOTS[service][d];
  const ref = opts.ref ?? uniqueId('R');
  const xml = envelope(`<${root} ${XMLNS}><ZKN:stuurgegevens><StUF:berichtcode>Lk01</StUF:berichtcode>
    <StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>${opts.applicatie ?? 'BACKOFFICE'}</StUF:applicatie></StUF:zender>
    <StUF:ontvanger><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger>
    <StUF:referentienummer>${ref}</StUF:referentienummer><StUF:tijdstipBericht>20240320143005123</StUF:tijdstipBericht>
    <StUF:entiteittype>ZAK</StUF:entiteittype></ZKN:stuurgegevens>
    <ZKN:parameters><StUF:mutatiesoort>${mutatiesoort}</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>
    ${objects}</${root}>`);
  return { xml, action, ref };
}

export const zak = (content: string, vs = 'W') => `<ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="${vs}">${content}</ZKN:object>`;
export const id = (i: string) => `<ZKN:identificatie>${i}</ZKN:identificatie>`;
export const kenmerk = (k: string, bron: string) => `<ZKN:kenmerk><ZKN:kenmerk>${k}</ZKN:kenmerk><ZKN:bron>${bron}</ZKN:bron></ZKN:kenmerk>`;
export const nps = (bsn: string, naam = 'Jansen', vs = 'I') =>
  `<ZKN:gerelateerde><ZKN:natuurlijkPersoon StUF:entiteittype="NPS" StUF:verwerkingssoort="${vs}"><BG:inp.bsn>${bsn}</BG:inp.bsn><BG:geslachtsnaam>${naam}</BG:geslachtsnaam></ZKN:natuurlijkPersoon></ZKN:gerelateerde>`;
export const rel = (name: string, ent: string, vs: string, inner?: string) => inner === undefined
  ? `<ZKN:${name} StUF:entiteittype="${ent}" StUF:verwerkingssoort="${vs}" StUF:noValue="geenWaarde" xsi:nil="true"/>`
  : `<ZKN:${name} StUF:entiteittype="${ent}" StUF:verwerkingssoort="${vs}">${inner}</ZKN:${name}>`;
export const isVan = (code = 'GZP') => `<ZKN:isVan StUF:entiteittype="ZAKZKT" StUF:verwerkingssoort="I"><ZKN:gerelateerde StUF:entiteittype="ZKT" StUF:verwerkingssoort="I"><ZKN:code>${code}</ZKN:code></ZKN:gerelateerde></ZKN:isVan>`;
export const zaakRef = (i: string) => `<ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I">${id(i)}</ZKN:gerelateerde>`;
export const status = (volgnummer: number, omschrijving: string, gezet: string, toelichting = '') =>
  `<ZKN:heeft StUF:entiteittype="ZAKSTT" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="STT" StUF:verwerkingssoort="T">` +
  `<ZKN:volgnummer>${volgnummer}</ZKN:volgnummer><ZKN:omschrijving>${omschrijving}</ZKN:omschrijving></ZKN:gerelateerde>` +
  `${toelichting ? `<ZKN:toelichting>${toelichting}</ZKN:toelichting>` : ''}<ZKN:datumStatusGezet>${gezet}</ZKN:datumStatusGezet>` +
  `<ZKN:isGezetDoor StUF:entiteittype="ZAKSTTBTR" StUF:verwerkingssoort="T"><ZKN:gerelateerde><ZKN:medewerker StUF:entiteittype="MDW" StUF:verwerkingssoort="I">` +
  `<ZKN:identificatie>wmo-jdevries</ZKN:identificatie></ZKN:medewerker></ZKN:gerelateerde></ZKN:isGezetDoor></ZKN:heeft>`;
export const geenStatus = rel('heeft', 'ZAKSTT', 'T');

/** A new zaak (ZDS 1.2 creeerZaak) with omschrijving 'Gezinsplan', toelichting 'eerste', two kenmerken and a BSN initiator. */
export function creeer(zaakId: string, initiatorBsn: string, opts: { zaaktype?: string; extraRelations?: string; omschrijving?: string } = {}): Msg {
  return kennisgeving('creeerZaak', '1.2', 'T', zak(`${id(zaakId)}<ZKN:omschrijving>${opts.omschrijving ?? 'Gezinsplan'}</ZKN:omschrijving>` +
    `<ZKN:toelichting>eerste</ZKN:toelichting>${kenmerk('K-1', 'WMO')}${kenmerk('K-2', 'WMO')}` +
    `<ZKN:startdatum>20240311</ZKN:startdatum><ZKN:registratiedatum>20240311</ZKN:registratiedatum><ZKN:zaakniveau>1</ZKN:zaakniveau>` +
    `<ZKN:deelzakenIndicatie>J</ZKN:deelzakenIndicatie>` +
    `<ZKN:isVan StUF:entiteittype="ZAKZKT" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZKT" StUF:verwerkingssoort="I"><ZKN:code>${opts.zaaktype ?? 'GZP'}</ZKN:code></ZKN:gerelateerde></ZKN:isVan>` +
    `${rel('heeftAlsInitiator', 'ZAKBTRINI', 'T', nps(initiatorBsn, 'Jansen', 'T'))}${opts.extraRelations ?? ''}`, 'T'));
}

/** A ZDS 1.2 genereerZaakIdentificatie_Di02 or genereerDocumentIdentificatie_Di02, and its SOAPAction. */
export function genereerDi02(soort: 'Zaak' | 'Document', ref = uniqueId('R')): { xml: string; action: string } {
  const root = `ZDS:genereer${soort}Identificatie_Di02`;
  return {
    action: `${A12}genereer${soort}Identificatie_Di02`,
    xml: envelope(`<${root} ${XMLNS}><ZDS:stuurgegevens><StUF:berichtcode>Di02</StUF:berichtcode>
  <StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>TST</StUF:applicatie></StUF:zender>
  <StUF:ontvanger><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger><StUF:referentienummer>${ref}</StUF:referentienummer>
  <StUF:tijdstipBericht>20240101120000</StUF:tijdstipBericht><StUF:functie>genereer${soort}identificatie</StUF:functie></ZDS:stuurgegevens></${root}>`),
  };
}

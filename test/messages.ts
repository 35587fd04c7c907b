// Hand-written test messages shared by several test files.
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

// ZDS 1.2 messages in a compact form (zender 0999/WMO), shared by the besluit and the gemeente-isolation tests:
// zaak, document, besluit and the vragen that read them. `alsGemeente` sends one as another organisatie.
import { A12 } from '../src/stuf/dialect.ts';
import { envelope, uniqueId, XMLNS } from './helpers.ts';

export interface Msg { xml: string; action: string; ref: string }

export const sg = (code: string, ref: string, tail: string, p = 'ZKN') => `<${p}:stuurgegevens><StUF:berichtcode>${code}</StUF:berichtcode>` +
  '<StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>WMO</StUF:applicatie></StUF:zender>' +
  '<StUF:ontvanger><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger>' +
  `<StUF:referentienummer>${ref}</StUF:referentienummer><StUF:tijdstipBericht>20240312101500123</StUF:tijdstipBericht>${tail}</${p}:stuurgegevens>`;
export const lvParams = '<ZKN:parameters><StUF:sortering>0</StUF:sortering><StUF:indicatorVervolgvraag>false</StUF:indicatorVervolgvraag></ZKN:parameters>';

export function msg(root: string, content: (ref: string) => string): Msg {
  const ref = uniqueId('R');
  return { xml: envelope(`<ZDS:${root} ${XMLNS}>${content(ref)}</ZDS:${root}>`), action: `${A12}${root}`, ref };
}

export const creeerZaak = (zaakId: string) => msg('creeerZaak_ZakLk01', (ref) => `${sg('Lk01', ref, '<StUF:entiteittype>ZAK</StUF:entiteittype>')}` +
  '<ZKN:parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>' +
  `<ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="T"><ZKN:identificatie>${zaakId}</ZKN:identificatie><ZKN:omschrijving>Deelplan Wmo</ZKN:omschrijving>` +
  '<ZKN:startdatum>20240311</ZKN:startdatum><ZKN:registratiedatum>20240311</ZKN:registratiedatum><ZKN:zaakniveau>1</ZKN:zaakniveau><ZKN:deelzakenIndicatie>N</ZKN:deelzakenIndicatie>' +
  '<ZKN:isVan StUF:entiteittype="ZAKZKT" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZKT" StUF:verwerkingssoort="I"><ZKN:code>GZP</ZKN:code></ZKN:gerelateerde></ZKN:isVan>' +
  '<ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI" StUF:verwerkingssoort="T"><ZKN:gerelateerde><ZKN:medewerker StUF:entiteittype="MDW" StUF:verwerkingssoort="I">' +
  '<ZKN:identificatie>wmo-1</ZKN:identificatie></ZKN:medewerker></ZKN:gerelateerde></ZKN:heeftAlsInitiator></ZKN:object>');

export const document = (id: string, zaakId: string) => msg('voegZaakdocumentToe_EdcLk01', (ref) => `${sg('Lk01', ref, '<StUF:entiteittype>EDC</StUF:entiteittype>')}` +
  '<ZKN:parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>' +
  `<ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="T"><ZKN:identificatie>${id}</ZKN:identificatie><ZKN:dct.omschrijving>Beschikking</ZKN:dct.omschrijving>` +
  '<ZKN:creatiedatum>20240312</ZKN:creatiedatum><ZKN:titel>Beschikking Wmo</ZKN:titel><ZKN:formaat>application/pdf</ZKN:formaat><ZKN:taal>nld</ZKN:taal>' +
  '<ZKN:vertrouwelijkAanduiding>VERTROUWELIJK</ZKN:vertrouwelijkAanduiding><ZKN:auteur>wmo</ZKN:auteur>' +
  '<ZKN:inhoud xmime:contentType="application/pdf" StUF:bestandsnaam="beschikking.pdf">JVBERi0=</ZKN:inhoud>' +
  `<ZKN:isRelevantVoor StUF:entiteittype="EDCZAK" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I"><ZKN:identificatie>${zaakId}</ZKN:identificatie></ZKN:gerelateerde></ZKN:isRelevantVoor></ZKN:object>`);

export const besluitAttrs = (toelichting: string) => '<ZKN:bst.omschrijving>Toekenning Wmo</ZKN:bst.omschrijving><ZKN:datumBeslissing>20240320</ZKN:datumBeslissing>' +
  `<ZKN:toelichting>${toelichting}</ZKN:toelichting><ZKN:ingangsdatumWerking>20240401</ZKN:ingangsdatumWerking>`;

export const voegBesluitToe = (id: string, zaakId: string, documentId?: string) => msg('voegBesluitToe_Di01', (ref) =>
  `${sg('Di01', ref, '<StUF:functie>voegBesluitToe</StUF:functie>')}<ZKN:object><ZKN:besluit StUF:entiteittype="BSL" StUF:verwerkingssoort="T">` +
  `<ZKN:identificatie>${id}</ZKN:identificatie>${besluitAttrs('eerste')}` +
  `${documentId ? `<ZKN:isVastgelegdIn StUF:entiteittype="BSLEDC" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="EDC" StUF:verwerkingssoort="I"><ZKN:identificatie>${documentId}</ZKN:identificatie></ZKN:gerelateerde></ZKN:isVastgelegdIn>` : ''}` +
  `</ZKN:besluit><ZKN:zaak StUF:entiteittype="ZAK" StUF:verwerkingssoort="I"><ZKN:identificatie>${zaakId}</ZKN:identificatie></ZKN:zaak></ZKN:object>`);

export const updateBesluit = (id: string, oudToelichting: string, nieuwToelichting: string) => msg('updateBesluit_BslLk01', (ref) =>
  `${sg('Lk01', ref, '<StUF:entiteittype>BSL</StUF:entiteittype>')}<ZKN:parameters><StUF:mutatiesoort>W</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>` +
  `<ZKN:object StUF:entiteittype="BSL" StUF:verwerkingssoort="W"><ZKN:identificatie>${id}</ZKN:identificatie><ZKN:toelichting>${oudToelichting}</ZKN:toelichting></ZKN:object>` +
  `<ZKN:object StUF:entiteittype="BSL" StUF:verwerkingssoort="W"><ZKN:identificatie>${id}</ZKN:identificatie><ZKN:toelichting>${nieuwToelichting}</ZKN:toelichting></ZKN:object>`);

export const details = (id: string) => msg('geefBesluitdetails_BslLv01', (ref) => `${sg('Lv01', ref, '<StUF:entiteittype>BSL</StUF:entiteittype>')}${lvParams}` +
  `<ZKN:gelijk StUF:entiteittype="BSL"><ZKN:identificatie>${id}</ZKN:identificatie></ZKN:gelijk><ZKN:scope><ZKN:object StUF:entiteittype="BSL" StUF:scope="alles"/></ZKN:scope>`);

export const lijst = (zaakId: string) => msg('geefLijstBesluiten_ZakLv01', (ref) => `${sg('Lv01', ref, '<StUF:entiteittype>ZAK</StUF:entiteittype>')}${lvParams}` +
  `<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${zaakId}</ZKN:identificatie></ZKN:gelijk><ZKN:scope><ZKN:object StUF:entiteittype="ZAK">` +
  '<ZKN:identificatie xsi:nil="true"/><ZKN:leidtTot StUF:entiteittype="ZAKBSL"><ZKN:gerelateerde StUF:entiteittype="BSL"><ZKN:identificatie xsi:nil="true"/>' +
  '<ZKN:datumBeslissing xsi:nil="true"/><ZKN:ingangsdatumWerking xsi:nil="true"/></ZKN:gerelateerde></ZKN:leidtTot></ZKN:object></ZKN:scope>');

export const zaakdetails = (zaakId: string) => msg('geefZaakdetails_ZakLv01', (ref) => `${sg('Lv01', ref, '<StUF:entiteittype>ZAK</StUF:entiteittype>')}${lvParams}` +
  `<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${zaakId}</ZKN:identificatie></ZKN:gelijk><ZKN:scope><ZKN:object StUF:entiteittype="ZAK">` +
  '<ZKN:identificatie xsi:nil="true"/><ZKN:leidtTot StUF:entiteittype="ZAKBSL"><ZKN:gerelateerde StUF:entiteittype="BSL"><ZKN:identificatie xsi:nil="true"/>' +
  '<ZKN:toelichting xsi:nil="true"/></ZKN:gerelateerde></ZKN:leidtTot></ZKN:object></ZKN:scope>');

/** ZDS 1.1 geefZaakdetails (the generic zakLv01) with scope alles. */
export const zaakdetails11 = (zaakId: string) => {
  const ref = uniqueId('R');
  return { xml: envelope(`<ZKN:zakLv01 ${XMLNS}>${sg('Lv01', ref, '<StUF:entiteittype>ZAK</StUF:entiteittype>')}${lvParams}` +
    `<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${zaakId}</ZKN:identificatie></ZKN:gelijk><ZKN:scope><ZKN:object StUF:entiteittype="ZAK" StUF:scope="alles"/></ZKN:scope></ZKN:zakLv01>`),
  action: 'http://www.egem.nl/StUF/sector/zkn/0310/geefZaakdetails_Lv01', ref };
};

export const genereer = () => msg('genereerBesluitIdentificatie_Di02', (ref) => sg('Di02', ref, '<StUF:functie>genereerBesluitidentificatie</StUF:functie>', 'ZDS'));

/** The same message from a zender of organisatie `organisatie`. */
export const alsGemeente = (m: Msg, organisatie: string): Msg =>
  ({ ...m, xml: m.xml.replace('<StUF:zender><StUF:organisatie>0999</StUF:organisatie>', `<StUF:zender><StUF:organisatie>${organisatie}</StUF:organisatie>`) });

const zaakVraag = (root: string, zaakId: string, scope: string, extra = '') => msg(root, (ref) => `${sg('Lv01', ref, '<StUF:entiteittype>ZAK</StUF:entiteittype>')}${lvParams}` +
  `<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${zaakId}</ZKN:identificatie>${extra}</ZKN:gelijk><ZKN:scope><ZKN:object StUF:entiteittype="ZAK">${scope}</ZKN:object></ZKN:scope>`);

export const zaakstatus = (zaakId: string) => zaakVraag('geefZaakstatus_ZakLv01', zaakId,
  '<ZKN:identificatie xsi:nil="true"/><ZKN:heeft StUF:entiteittype="ZAKSTT"><ZKN:gerelateerde StUF:entiteittype="STT"><ZKN:volgnummer xsi:nil="true"/>' +
  '<ZKN:omschrijving xsi:nil="true"/></ZKN:gerelateerde><ZKN:datumStatusGezet xsi:nil="true"/><ZKN:indicatieLaatsteStatus xsi:nil="true"/></ZKN:heeft>',
  '<ZKN:heeft StUF:entiteittype="ZAKSTT"><ZKN:indicatieLaatsteStatus>J</ZKN:indicatieLaatsteStatus></ZKN:heeft>');

export const documentenLijst = (zaakId: string) => zaakVraag('geefLijstZaakdocumenten_ZakLv01', zaakId,
  '<ZKN:identificatie xsi:nil="true"/><ZKN:heeftRelevant StUF:entiteittype="ZAKEDC"><ZKN:gerelateerde StUF:entiteittype="EDC"><ZKN:identificatie xsi:nil="true"/>' +
  '</ZKN:gerelateerde></ZKN:heeftRelevant>');

export const documentLezen = (id: string) => msg('geefZaakdocumentLezen_EdcLv01', (ref) => `${sg('Lv01', ref, '<StUF:entiteittype>EDC</StUF:entiteittype>')}${lvParams}` +
  `<ZKN:gelijk StUF:entiteittype="EDC"><ZKN:identificatie>${id}</ZKN:identificatie></ZKN:gelijk><ZKN:scope><ZKN:object StUF:entiteittype="EDC" StUF:scope="alles"/></ZKN:scope>`);

/** geefZaakdocumentbewerken (checkout): a read that hands out the content. */
export const documentBewerken = (id: string) => ({
  ...msg('geefZaakdocumentBewerken_Di02', (ref) => `${sg('Di02', ref, '<StUF:functie>geefZaakdocumentbewerken</StUF:functie>', 'ZDS')}` +
    '<ZDS:edcLv01 StUF:entiteittype="EDC" StUF:functie="selectie"><ZKN:parameters><StUF:indicatorAfnemerIndicatie>false</StUF:indicatorAfnemerIndicatie></ZKN:parameters>' +
    `<ZKN:gelijk StUF:entiteittype="EDC"><ZKN:identificatie>${id}</ZKN:identificatie></ZKN:gelijk></ZDS:edcLv01>`),
  action: `${A12}geefZaakdocumentbewerken_Di02`,
});

/** The plain StUF-ZKN zakLv01 (/stuf-zkn/3.10/BeantwoordVraag): the open zaken whose initiator has this BSN (11 + BSN, guide §6.2). */
export const zakenVanInitiator = (bsn: string) => {
  const ref = uniqueId('R');
  return {
    xml: envelope(`<ZKN:zakLv01 ${XMLNS}>${sg('Lv01', ref, '<StUF:entiteittype>ZAK</StUF:entiteittype>')}${lvParams}<ZKN:gelijk StUF:entiteittype="ZAK">` +
      '<ZKN:einddatum xsi:nil="true" StUF:noValue="geenWaarde"/><ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI"><ZKN:gerelateerde StUF:entiteittype="BTR">' +
      `<ZKN:identificatie>11${bsn}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsInitiator></ZKN:gelijk>` +
      '<ZKN:scope><ZKN:object StUF:entiteittype="ZAK" StUF:scope="alles"/></ZKN:scope></ZKN:zakLv01>'),
    action: 'http://www.egem.nl/StUF/sector/zkn/0310/zakLv01', ref,
  };
};

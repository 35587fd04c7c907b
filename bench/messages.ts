// Request templates of the benchmark scenarios: a ZDS 1.2 creeerZaak that seeds a zaak with six relations,
// the geefZaakdetails query for it (explicit scope, as production clients send it), the plain StUF-ZKN zakLv01
// BSN lookup, updateZaak and actualiseerZaakstatus on seeded zaken, the document messages, and the 11 KB
// Suites4SociaalDomein creeerZaak from the conformance corpus with its identificatie and referentienummer as the
// per-request substitution points.
import fs from 'node:fs';
import path from 'node:path';

export const A11 = 'http://www.egem.nl/StUF/sector/zkn/0310/';
export const A12 = 'http://www.stufstandaarden.nl/koppelvlak/zds0120/';

const XMLNS = 'xmlns:StUF="http://www.egem.nl/StUF/StUF0301" xmlns:ZKN="http://www.egem.nl/StUF/sector/zkn/0310" ' +
  'xmlns:BG="http://www.egem.nl/StUF/sector/bg/0310" xmlns:ZDS="http://www.stufstandaarden.nl/koppelvlak/zds0120" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xmime="http://www.w3.org/2005/05/xmlmime"';

const envelope = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">` +
  `<soapenv:Header/><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

const stuurgegevens = (code: string, ref: string, entiteittype = 'ZAK') => `<ZKN:stuurgegevens>
    <StUF:berichtcode>${code}</StUF:berichtcode>
    <StUF:zender><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>BENCH</StUF:applicatie><StUF:gebruiker>bench</StUF:gebruiker></StUF:zender>
    <StUF:ontvanger><StUF:organisatie>0999</StUF:organisatie><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger>
    <StUF:referentienummer>${ref}</StUF:referentienummer>
    <StUF:tijdstipBericht>20240115120000000</StUF:tijdstipBericht>
    <StUF:entiteittype>${entiteittype}</StUF:entiteittype>
  </ZKN:stuurgegevens>`;

const vraagParameters = (maximumAantal?: number) => '<ZKN:parameters><StUF:sortering>0</StUF:sortering><StUF:indicatorVervolgvraag>false</StUF:indicatorVervolgvraag>' +
  `${maximumAantal ? `<StUF:maximumAantal>${maximumAantal}</StUF:maximumAantal>` : ''}</ZKN:parameters>`;
const wijzigParameters = (mutatiesoort: string) =>
  `<ZKN:parameters><StUF:mutatiesoort>${mutatiesoort}</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>`;

const persoon = (bsn: string, naam: string, voornamen: string) => `<ZKN:natuurlijkPersoon StUF:entiteittype="NPS" StUF:verwerkingssoort="T">
          <BG:inp.bsn>${bsn}</BG:inp.bsn>
          <BG:geslachtsnaam>${naam}</BG:geslachtsnaam>
          <BG:voorletters>${voornamen[0]}</BG:voorletters>
          <BG:voornamen>${voornamen}</BG:voornamen>
          <BG:geslachtsaanduiding>V</BG:geslachtsaanduiding>
          <BG:geboortedatum>19800101</BG:geboortedatum>
        </ZKN:natuurlijkPersoon>`;

const adres = (postcode: string, nr: string) => `<ZKN:adres StUF:entiteittype="AOA" StUF:verwerkingssoort="T">
          <BG:identificatie>0999200000${nr.padStart(6, '0')}</BG:identificatie>
          <BG:authentiek StUF:metagegeven="true">J</BG:authentiek>
          <BG:wpl.woonplaatsNaam>Bolsward</BG:wpl.woonplaatsNaam>
          <BG:gor.openbareRuimteNaam>Kerkstraat</BG:gor.openbareRuimteNaam>
          <BG:huisnummer>${nr}</BG:huisnummer>
          <BG:postcode>${postcode}</BG:postcode>
        </ZKN:adres>`;

/** What seedCreeerZaak12 stores: the zaaktype, the texts an updateZaak's oud states, and the persons' BSNs. */
export const SEED_ZAAKTYPE = 'GZP';
export const SEED_OMSCHRIJVING = 'Gezinsplan familie Jansen';
export const SEED_TOELICHTING = 'Aangemaakt door de benchmark';
export const SEED_INITIATOR_BSN = '111111110';
export const SEED_BELANGHEBBENDE_BSN = '111222333';

/**
 * ZDS 1.2 creeerZaak of the geefZaakdetails scenario: zaaktype GZP (shipped catalogue) with six
 * relations/repeating groups: a kenmerk, two zaakobjecten (adressen), a belanghebbende, the initiator
 * and a status.
 */
export function seedCreeerZaak12(identificatie: string, ref: string): string {
  return envelope(`<ZDS:creeerZaak_ZakLk01 ${XMLNS}>
  ${stuurgegevens('Lk01', ref)}
  ${wijzigParameters('T')}
  <ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="T">
    <ZKN:identificatie>${identificatie}</ZKN:identificatie>
    <ZKN:omschrijving>${SEED_OMSCHRIJVING}</ZKN:omschrijving>
    <ZKN:toelichting>${SEED_TOELICHTING}</ZKN:toelichting>
    <ZKN:kenmerk><ZKN:kenmerk>BENCH-${identificatie}</ZKN:kenmerk><ZKN:bron>BENCH</ZKN:bron></ZKN:kenmerk>
    <ZKN:startdatum>20240115</ZKN:startdatum>
    <ZKN:registratiedatum>20240115</ZKN:registratiedatum>
    <ZKN:einddatumGepland>20240415</ZKN:einddatumGepland>
    <ZKN:archiefnominatie>N</ZKN:archiefnominatie>
    <ZKN:zaakniveau>1</ZKN:zaakniveau>
    <ZKN:deelzakenIndicatie>N</ZKN:deelzakenIndicatie>
    <ZKN:isVan StUF:entiteittype="ZAKZKT" StUF:verwerkingssoort="T">
      <ZKN:gerelateerde StUF:entiteittype="ZKT" StUF:verwerkingssoort="I">
        <ZKN:omschrijving>Gezinsplan</ZKN:omschrijving>
        <ZKN:code>${SEED_ZAAKTYPE}</ZKN:code>
      </ZKN:gerelateerde>
    </ZKN:isVan>
    <ZKN:heeftBetrekkingOp StUF:entiteittype="ZAKOBJ" StUF:verwerkingssoort="T">
      <ZKN:gerelateerde>
        ${adres('8701HP', '1')}
      </ZKN:gerelateerde>
      <ZKN:omschrijving>Woonadres</ZKN:omschrijving>
    </ZKN:heeftBetrekkingOp>
    <ZKN:heeftBetrekkingOp StUF:entiteittype="ZAKOBJ" StUF:verwerkingssoort="T">
      <ZKN:gerelateerde>
        ${adres('8701HQ', '12')}
      </ZKN:gerelateerde>
      <ZKN:omschrijving>Verblijfsadres</ZKN:omschrijving>
    </ZKN:heeftBetrekkingOp>
    <ZKN:heeftAlsBelanghebbende StUF:entiteittype="ZAKBTRBLH" StUF:verwerkingssoort="T">
      <ZKN:gerelateerde>
        ${persoon(SEED_BELANGHEBBENDE_BSN, 'Jansen', 'Pieter')}
      </ZKN:gerelateerde>
    </ZKN:heeftAlsBelanghebbende>
    <ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI" StUF:verwerkingssoort="T">
      <ZKN:gerelateerde>
        ${persoon(SEED_INITIATOR_BSN, 'Jansen', 'Anna')}
      </ZKN:gerelateerde>
    </ZKN:heeftAlsInitiator>
    <ZKN:heeft StUF:entiteittype="ZAKSTT" StUF:verwerkingssoort="T">
      <ZKN:gerelateerde StUF:entiteittype="STT" StUF:verwerkingssoort="I">
        <ZKN:volgnummer>1</ZKN:volgnummer>
        <ZKN:omschrijving>Aanvraag ontvangen</ZKN:omschrijving>
      </ZKN:gerelateerde>
      <ZKN:datumStatusGezet>20240115120000000</ZKN:datumStatusGezet>
    </ZKN:heeft>
  </ZKN:object>
</ZDS:creeerZaak_ZakLk01>`);
}

/** geefZaakdetails (ZDS 1.2) with the explicit scope a zaakdossier screen asks for. */
export function geefZaakdetails12(identificatie: string, ref: string): string {
  return envelope(`<ZDS:geefZaakdetails_ZakLv01 ${XMLNS}>
  ${stuurgegevens('Lv01', ref)}
  ${vraagParameters()}
  <ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${identificatie}</ZKN:identificatie></ZKN:gelijk>
  <ZKN:scope>
    <ZKN:object StUF:entiteittype="ZAK">
      <ZKN:identificatie xsi:nil="true"/>
      <ZKN:omschrijving xsi:nil="true"/>
      <ZKN:toelichting xsi:nil="true"/>
      <ZKN:kenmerk xsi:nil="true"/>
      <ZKN:startdatum xsi:nil="true"/>
      <ZKN:registratiedatum xsi:nil="true"/>
      <ZKN:einddatumGepland xsi:nil="true"/>
      <ZKN:einddatum xsi:nil="true"/>
      <ZKN:isVan StUF:entiteittype="ZAKZKT">
        <ZKN:gerelateerde StUF:entiteittype="ZKT"><ZKN:omschrijving xsi:nil="true"/><ZKN:code xsi:nil="true"/></ZKN:gerelateerde>
      </ZKN:isVan>
      <ZKN:heeftBetrekkingOp StUF:entiteittype="ZAKOBJ">
        <ZKN:gerelateerde/>
        <ZKN:omschrijving xsi:nil="true"/>
      </ZKN:heeftBetrekkingOp>
      <ZKN:heeftAlsBelanghebbende StUF:entiteittype="ZAKBTRBLH">
        <ZKN:gerelateerde/>
      </ZKN:heeftAlsBelanghebbende>
      <ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI">
        <ZKN:gerelateerde/>
      </ZKN:heeftAlsInitiator>
      <ZKN:heeft StUF:entiteittype="ZAKSTT">
        <ZKN:gerelateerde StUF:entiteittype="STT"><ZKN:volgnummer xsi:nil="true"/><ZKN:omschrijving xsi:nil="true"/></ZKN:gerelateerde>
        <ZKN:datumStatusGezet xsi:nil="true"/>
      </ZKN:heeft>
    </ZKN:object>
  </ZKN:scope>
</ZDS:geefZaakdetails_ZakLv01>`);
}

/**
 * The plain StUF-ZKN zakLv01 "which open gezinsplannen does this person start?": the initiator as BTR 11+BSN, open
 * (einddatum geenWaarde), zaaktype GZP; identificatie, omschrijving and startdatum of at most 15 zaken.
 */
export function zakLv01Bsn(bsn: string, ref: string): string {
  return envelope(`<ZKN:zakLv01 ${XMLNS}>
  ${stuurgegevens('Lv01', ref)}
  ${vraagParameters(15)}
  <ZKN:gelijk StUF:entiteittype="ZAK">
    <ZKN:einddatum xsi:nil="true" StUF:noValue="geenWaarde"/>
    <ZKN:isVan StUF:entiteittype="ZAKZKT"><ZKN:gerelateerde StUF:entiteittype="ZKT"><ZKN:code>${SEED_ZAAKTYPE}</ZKN:code></ZKN:gerelateerde></ZKN:isVan>
    <ZKN:heeftAlsInitiator StUF:entiteittype="ZAKBTRINI"><ZKN:gerelateerde StUF:entiteittype="BTR"><ZKN:identificatie>11${bsn}</ZKN:identificatie></ZKN:gerelateerde></ZKN:heeftAlsInitiator>
  </ZKN:gelijk>
  <ZKN:scope><ZKN:object StUF:entiteittype="ZAK"><ZKN:identificatie xsi:nil="true"/><ZKN:omschrijving xsi:nil="true"/><ZKN:startdatum xsi:nil="true"/></ZKN:object></ZKN:scope>
</ZKN:zakLv01>`);
}

const wijziging = (root: string, ref: string, oud: string, nieuw: string) => envelope(`<ZDS:${root} ${XMLNS}>
  ${stuurgegevens('Lk01', ref)}
  ${wijzigParameters('W')}
  <ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="W">${oud}</ZKN:object>
  <ZKN:object StUF:entiteittype="ZAK" StUF:verwerkingssoort="W">${nieuw}</ZKN:object>
</ZDS:${root}>`);

/**
 * ZDS 1.2 updateZaak of a zaak seeded as seedCreeerZaak12 that was updated `versie` times before by this message:
 * oud states the omschrijving and toelichting stored now, nieuw the next ones (compared with the store: a wrong
 * oud is a StUF058 fault).
 */
export function updateZaak12(identificatie: string, versie: number, ref: string): string {
  const texts = (v: number) => `<ZKN:omschrijving>${v ? `${SEED_OMSCHRIJVING}, herzien ${v}` : SEED_OMSCHRIJVING}</ZKN:omschrijving>` +
    `<ZKN:toelichting>${v ? `Herzien door de benchmark (${v})` : SEED_TOELICHTING}</ZKN:toelichting>`;
  const id = `<ZKN:identificatie>${identificatie}</ZKN:identificatie>`;
  return wijziging('updateZaak_ZakLk01', ref, id + texts(versie), id + texts(versie + 1));
}

/** The non-final statustypen of the seeded zaaktype (shipped catalogue), so that a new status never closes the zaak. */
const STATUSSEN = [[2, 'Plan in opstelling'], [3, 'Plan vastgesteld'], [4, 'Plan in uitvoering']] as const;

/** ZDS 1.2 actualiseerZaakstatus: oud without status, nieuw a status of the seeded zaaktype set at `gezet` (17 digits). */
export function actualiseerZaakstatus12(identificatie: string, n: number, gezet: string, ref: string): string {
  const [volgnummer, omschrijving] = STATUSSEN[n % STATUSSEN.length];
  const id = `<ZKN:identificatie>${identificatie}</ZKN:identificatie>`;
  return wijziging('actualiseerZaakstatus_ZakLk01', ref,
    `${id}<ZKN:heeft StUF:entiteittype="ZAKSTT" StUF:verwerkingssoort="T" StUF:noValue="geenWaarde" xsi:nil="true"/>`,
    `${id}<ZKN:heeft StUF:entiteittype="ZAKSTT" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="STT" StUF:verwerkingssoort="I">` +
    `<ZKN:volgnummer>${volgnummer}</ZKN:volgnummer><ZKN:omschrijving>${omschrijving}</ZKN:omschrijving></ZKN:gerelateerde>` +
    `<ZKN:datumStatusGezet>${gezet}</ZKN:datumStatusGezet>` +
    '<ZKN:isGezetDoor StUF:entiteittype="ZAKSTTBTR" StUF:verwerkingssoort="T"><ZKN:gerelateerde><ZKN:medewerker StUF:entiteittype="MDW" StUF:verwerkingssoort="I">' +
    '<ZKN:identificatie>bench</ZKN:identificatie></ZKN:medewerker></ZKN:gerelateerde></ZKN:isGezetDoor></ZKN:heeft>');
}

/** ZDS 1.2 voegZaakdocumentToe: document `id` with `base64` content, relevant for zaak `zaak`. */
export function voegZaakdocumentToe12(id: string, zaak: string, base64: string): string {
  return envelope(`<ZDS:voegZaakdocumentToe_EdcLk01 ${XMLNS}>${stuurgegevens('Lk01', `bench-${id}`, 'EDC')}${wijzigParameters('T')}` +
    `<ZKN:object StUF:entiteittype="EDC" StUF:verwerkingssoort="T"><ZKN:identificatie>${id}</ZKN:identificatie><ZKN:dct.omschrijving>Bijlage</ZKN:dct.omschrijving>` +
    '<ZKN:creatiedatum>20240312</ZKN:creatiedatum><ZKN:titel>Bench</ZKN:titel><ZKN:formaat>application/pdf</ZKN:formaat><ZKN:taal>nld</ZKN:taal>' +
    '<ZKN:vertrouwelijkAanduiding>VERTROUWELIJK</ZKN:vertrouwelijkAanduiding><ZKN:auteur>bench</ZKN:auteur>' +
    `<ZKN:inhoud xmime:contentType="application/pdf" StUF:bestandsnaam="bench.pdf">${base64}</ZKN:inhoud>` +
    '<ZKN:isRelevantVoor StUF:entiteittype="EDCZAK" StUF:verwerkingssoort="T"><ZKN:gerelateerde StUF:entiteittype="ZAK" StUF:verwerkingssoort="I">' +
    `<ZKN:identificatie>${zaak}</ZKN:identificatie></ZKN:gerelateerde></ZKN:isRelevantVoor></ZKN:object></ZDS:voegZaakdocumentToe_EdcLk01>`);
}

/** ZDS 1.2 geefZaakdocumentLezen of document `id`, all of it (the content included). */
export const geefZaakdocumentLezen12 = (id: string, ref: string) => envelope(`<ZDS:geefZaakdocumentLezen_EdcLv01 ${XMLNS}>${stuurgegevens('Lv01', ref, 'EDC')}${vraagParameters()}` +
  `<ZKN:gelijk StUF:entiteittype="EDC"><ZKN:identificatie>${id}</ZKN:identificatie></ZKN:gelijk>` +
  '<ZKN:scope><ZKN:object StUF:entiteittype="EDC" StUF:scope="alles"/></ZKN:scope></ZDS:geefZaakdocumentLezen_EdcLv01>');

/** ZDS 1.2 geefLijstZaakdocumenten of zaak `zaak`: identificatie and titel of every document, and the registratiedatum. */
export const geefLijstZaakdocumenten12 = (zaak: string, ref: string) => envelope(`<ZDS:geefLijstZaakdocumenten_ZakLv01 ${XMLNS}>${stuurgegevens('Lv01', ref)}${vraagParameters()}` +
  `<ZKN:gelijk StUF:entiteittype="ZAK"><ZKN:identificatie>${zaak}</ZKN:identificatie></ZKN:gelijk>` +
  '<ZKN:scope><ZKN:object StUF:entiteittype="ZAK"><ZKN:identificatie xsi:nil="true"/><ZKN:heeftRelevant StUF:entiteittype="ZAKEDC">' +
  '<ZKN:gerelateerde StUF:entiteittype="EDC"><ZKN:identificatie xsi:nil="true"/><ZKN:titel xsi:nil="true"/></ZKN:gerelateerde>' +
  '<ZKN:registratiedatum xsi:nil="true"/></ZKN:heeftRelevant></ZKN:object></ZKN:scope></ZDS:geefLijstZaakdocumenten_ZakLv01>');

export interface Template {
  /** the template text */
  text: string;
  /** substitution points: each occurrence is replaced by the per-request value */
  identificatie: string;
  referentienummer: string;
}

/** The ~11 KB Suites4SociaalDomein zakLk01 "Generen Zaak" (ZDS 1.1 creeerZaak), located via manifest.json. */
export function suitesCreeerZaak(corpusDir: string): Template & { file: string; zaaktype: string } {
  const manifest = JSON.parse(fs.readFileSync(path.join(corpusDir, 'manifest.json'), 'utf8')) as {
    files: { file: string; scenario?: string; role?: string; operation?: string; bytes?: number }[];
  };
  const entry = manifest.files.find((f) => f.scenario === 'ozb-suites4sociaaldomein-production-zds11' && f.role === 'request'
    && f.operation === 'creeerZaak' && /Generen_Zaak/.test(f.file));
  if (!entry) throw new Error(`${corpusDir}/manifest.json: no Suites4SociaalDomein creeerZaak "Generen_Zaak" request`);
  const file = path.join(corpusDir, entry.file);
  const text = fs.readFileSync(file, 'utf8');
  const identificatie = text.match(/<ZKN:object\b[^>]*>\s*<ZKN:identificatie>([^<]+)</)?.[1];
  const referentienummer = text.match(/<StUF:referentienummer>([^<]+)</)?.[1];
  const zaaktype = text.match(/<ZKN:isVan\b[\s\S]*?<ZKN:code>([^<]+)</)?.[1];
  if (!identificatie || !referentienummer || !zaaktype) throw new Error(`${file}: identificatie, referentienummer or zaaktype not found`);
  return { file, text, identificatie, referentienummer, zaaktype };
}

/** A template instance: every occurrence of the substitution points replaced. */
export function instantiate(t: Template, identificatie: string, referentienummer: string): string {
  return t.text.split(t.identificatie).join(identificatie).split(t.referentienummer).join(referentienummer);
}

/** A faster instance builder for the load generator: the template pre-split on its substitution points. */
export function compile(t: Template): (identificatie: string, referentienummer: string) => string {
  const parts: { lit: string; hole?: 'id' | 'ref' }[] = [];
  const re = new RegExp(`${escape(t.identificatie)}|${escape(t.referentienummer)}`, 'g');
  let last = 0;
  for (const m of t.text.matchAll(re)) {
    parts.push({ lit: t.text.slice(last, m.index), hole: m[0] === t.identificatie ? 'id' : 'ref' });
    last = m.index! + m[0].length;
  }
  parts.push({ lit: t.text.slice(last) });
  return (id, ref) => {
    let s = '';
    for (const p of parts) s += p.lit + (p.hole === 'id' ? id : p.hole === 'ref' ? ref : '');
    return s;
  };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A catalogue entry for the zaaktype and first status of a creeerZaak template (the shipped catalogue lacks them). */
export function catalogueEntryOf(text: string): { code: string; omschrijving?: string; zaakniveau: number; statustypen: { volgnummer: number; omschrijving: string; code?: string }[] } {
  const isVan = text.match(/<ZKN:isVan\b[\s\S]*?<\/ZKN:isVan>/)?.[0] ?? '';
  const heeft = text.match(/<ZKN:heeft\s[\s\S]*?<\/ZKN:heeft>/)?.[0] ?? '';
  const code = isVan.match(/<ZKN:code>([^<]+)</)?.[1];
  if (!code) throw new Error('template has no zaaktype code');
  const volgnummer = heeft.match(/<ZKN:volgnummer>(\d+)</)?.[1];
  const statustypen = volgnummer ? [{
    volgnummer: Number(volgnummer), omschrijving: heeft.match(/<ZKN:omschrijving>([^<]+)</)?.[1] ?? `Status ${volgnummer}`,
    code: heeft.match(/<ZKN:code>([^<]+)</)?.[1],
  }] : [];
  return { code, omschrijving: isVan.match(/<ZKN:omschrijving>([^<]+)</)?.[1], zaakniveau: 1, statustypen };
}

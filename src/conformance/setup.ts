// preconditions.state of the public corpus that no corpus message creates: zaken that must exist before a case.
// Catalogue preconditions (zaaktypen, statustypen) are met by running the gateway in catalogue mode
// `learn`; medewerkers / organisatorische eenheden are not master data in this gateway.
import { NS } from '../xml/namespaces.ts';

const XMLNS = `xmlns:StUF="${NS.StUF}" xmlns:ZKN="${NS.ZKN}" xmlns:ZDS="${NS.ZDS}"`;

export interface SetupZaak {
  identificatie: string;
  omschrijving: string;
  /** the initiator: a medewerker or an organisatorische eenheid (by identificatie) */
  initiator: { medewerker: string } | { organisatorischeEenheid: string };
  /** zaaktype code (default the Haarlem zaaktype 12345678); must match the zaaktype of the later messages */
  zaaktype?: string;
  /** startdatum as the later oud states it (default 20240115) */
  startdatum?: string;
}

const HAARLEM_ZAAK_7 = { identificatie: '12347000000007', omschrijving: 'omschrijving', initiator: { medewerker: '123456789' } };

/**
 * Case id -> zaken to create first (with a creeerZaak built below). The values match the *oud* objects of
 * the cases, so the gateway's oud check (strict by default) sees no difference.
 */
export const PRECONDITION_ZAKEN: Record<string, SetupZaak[]> = {
  // "zaak 12347000000007 exists"
  'haarlem-maykin-regression-zds12/009-updateZaak_ZakLk01_anderzaakobject-request': [HAARLEM_ZAAK_7],
  'haarlem-maykin-regression-zds12/012-updateZaak_ZakLk01_leidtTot-request': [HAARLEM_ZAAK_7],
  // "zaak 12347000000007 exists with that initiator" (OEH 123498765); the fact adds that an identical rol
  // on another zaak must stay, so a second zaak with the same initiator exists too.
  'haarlem-maykin-regression-zds12/010-updateZaak_ZakLk01_delete_relatie_entiteit-request': [
    { ...HAARLEM_ZAAK_7, initiator: { organisatorischeEenheid: '123498765' } },
    { identificatie: '12347000000008', omschrijving: 'andere zaak', initiator: { organisatorischeEenheid: '123498765' } },
  ],
  // "zaak exists": the fault must come from the BSL entiteittype / the T verwerkingssoort, not from a missing zaak
  'haarlem-maykin-regression-zds12/013-updateZaak_ZakLk01_mnemonic-request': [HAARLEM_ZAAK_7],
  'haarlem-maykin-regression-zds12/016-updateZaak_ZakLk01_verwerkingssoort-request': [HAARLEM_ZAAK_7],
  // "zaak exists, statustype 'Intake afgerond' exists" (the statustype is learned)
  'haarlem-maykin-regression-zds12/018-actualiseerZaakstatus_ZakLk01_taiga404-request': [
    { identificatie: '12345000000004', omschrijving: 'omschrijving3', initiator: { medewerker: '123456789' } },
  ],
  // "two statustypes 'Intake afgerond' exist" (case excepted, see EXCEPTIONS): the zaak at least exists
  'haarlem-maykin-regression-zds12/019-actualiseerZaakstatus_ZakLk01_taiga414-1-request': [
    { identificatie: '12345000000004', omschrijving: 'omschrijving3', initiator: { medewerker: '123456789' } },
  ],
  // Ordered scenarios whose later step changes a zaak that no step of the scenario creates (the recording ran
  // against a backend that already held it; the manifest gives no preconditions.state for these):
  'ozb-suites4sociaaldomein-production-zds11/013-zakLv01-request': [{ identificatie: '1900400023', omschrijving: 'Aanvraag minimaregelingen (Z)', initiator: { medewerker: '123456789' }, zaaktype: 'B1026', startdatum: '20200618' }],
  'ozb-ladybug-gisvg-natuurlijk-persoon/001-Translate_actualiseerZaakstatus_Lk01-request': [{ identificatie: '1900147', omschrijving: 'bestaande zaak', initiator: { medewerker: '123456789' } }],
  'ozb-ladybug-suites4sociaaldomein-natuurlijk-persoon2/015-Translate_updateZaak_Lk01-request': [{ identificatie: '1900804', omschrijving: 'Aanvraag minimaregelingen (Z)', initiator: { medewerker: '123456789' }, zaaktype: 'B1026', startdatum: '20230103' }],
  'openforms-test-emit-order-ids-as-csv-list-instead-of-using-suffixes/004-updateZaak_Lk01-request': [{ identificatie: '1234', omschrijving: 'bestaande zaak', initiator: { medewerker: '123456789' } }],
  'zaakbrug-e2e-testcase-todo-portaal-leefomgeving/004-updateZaak_Lk01_-_updateZaak.xml-request': [{ identificatie: '020432673', omschrijving: 'bestaande zaak', initiator: { medewerker: '123456789' }, zaaktype: 'B1026' }],
  // 011 "the zaak in the message does NOT exist": nothing to create (fresh database).
  // voegZaakdocumentToe on a zaak no step creates: the facts say the document "is linked to zaak X", so X exists.
  // taiga278: "zaak of the message exists"; taiga418: the state names the document id, the message the zaak.
  'haarlem-maykin-regression-zds12/025-voegZaakdocumentToe_EdcLk01_taiga278-request': [{ identificatie: '0392f576ff4a-af98-4669-8fc6-625c7190aa9d', omschrijving: 'bestaande zaak', initiator: { medewerker: '123456789' } }],
  'haarlem-maykin-regression-zds12/027-voegZaakdocumentToe_EdcLk01_taiga418-request': [{ identificatie: 'ZAAK-TAIGA418-1', omschrijving: 'bestaande zaak', initiator: { medewerker: '123456789' } }],
  // The creeerZaak of step 001 creates 0392-2020-0000027; step 002 links its document to 0392-2020-0000001.
  'ozb-haarlem-voorbeeld-zds12/002-voegZaakdocumentToe-request': [{ identificatie: '0392-2020-0000001', omschrijving: 'bestaande zaak', initiator: { medewerker: '123456789' } }],
  'openforms-test-confirmation-emails-are-attached-when-updating-registration/002-voegZaakdocumentToe_Lk01-request': [{ identificatie: 'abc123', omschrijving: 'bestaande zaak', initiator: { medewerker: '123456789' } }],
};

let counter = 0;

/** A ZDS 1.2 creeerZaak_ZakLk01 (zender KING/STP like the Haarlem cases) for a setup zaak. */
export function creeerZaakMessage(z: SetupZaak): string {
  const initiator = 'medewerker' in z.initiator
    ? `<ZKN:medewerker StUF:verwerkingssoort="I" StUF:entiteittype="MDW"><ZKN:identificatie>${z.initiator.medewerker}</ZKN:identificatie></ZKN:medewerker>`
    : `<ZKN:organisatorischeEenheid StUF:verwerkingssoort="I" StUF:entiteittype="OEH"><ZKN:identificatie>${z.initiator.organisatorischeEenheid}</ZKN:identificatie></ZKN:organisatorischeEenheid>`;
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
<ZDS:creeerZaak_ZakLk01 ${XMLNS}>
  <ZKN:stuurgegevens>
    <StUF:berichtcode>Lk01</StUF:berichtcode>
    <StUF:zender><StUF:organisatie>KING</StUF:organisatie><StUF:applicatie>STP</StUF:applicatie></StUF:zender>
    <StUF:ontvanger><StUF:organisatie>ORG</StUF:organisatie><StUF:applicatie>TTA</StUF:applicatie></StUF:ontvanger>
    <StUF:referentienummer>setup-${process.pid}-${++counter}</StUF:referentienummer>
    <StUF:tijdstipBericht>20240115110000</StUF:tijdstipBericht>
    <StUF:entiteittype>ZAK</StUF:entiteittype>
  </ZKN:stuurgegevens>
  <ZKN:parameters><StUF:mutatiesoort>T</StUF:mutatiesoort><StUF:indicatorOvername>V</StUF:indicatorOvername></ZKN:parameters>
  <ZKN:object StUF:verwerkingssoort="T" StUF:entiteittype="ZAK">
    <ZKN:identificatie>${z.identificatie}</ZKN:identificatie>
    <ZKN:omschrijving>${z.omschrijving}</ZKN:omschrijving>
    <ZKN:startdatum>${z.startdatum ?? '20240115'}</ZKN:startdatum>
    <ZKN:registratiedatum>20240115</ZKN:registratiedatum>
    <ZKN:zaakniveau>1</ZKN:zaakniveau>
    <ZKN:deelzakenIndicatie>N</ZKN:deelzakenIndicatie>
    <ZKN:isVan StUF:entiteittype="ZAKZKT" StUF:verwerkingssoort="T">
      <ZKN:gerelateerde StUF:verwerkingssoort="I" StUF:entiteittype="ZKT">
        <ZKN:omschrijving>Aanvraag burgerservicenummer behandelen</ZKN:omschrijving>
        <ZKN:code>${z.zaaktype ?? '12345678'}</ZKN:code>
        <ZKN:ingangsdatumObject>20171001</ZKN:ingangsdatumObject>
      </ZKN:gerelateerde>
    </ZKN:isVan>
    <ZKN:heeftAlsInitiator StUF:verwerkingssoort="T" StUF:entiteittype="ZAKBTRINI"><ZKN:gerelateerde>${initiator}</ZKN:gerelateerde></ZKN:heeftAlsInitiator>
  </ZKN:object>
</ZDS:creeerZaak_ZakLk01></soapenv:Body></soapenv:Envelope>`;
}

export const CREEER_ZAAK_12 = { path: '/zds/1.2/OntvangAsynchroon', action: 'http://www.stufstandaarden.nl/koppelvlak/zds0120/creeerZaak_ZakLk01' };

// heeftAlsHoofdzaak in a creeerZaak (sociaal domein, guide §6.3). The ZAK kennisgeving schemas (ZDS 1.2
// creeerZaak_ZakLk01, ZDS 1.1 zakLk01 for creeerZaak_Lk01, plain StUF-ZKN zakLk01 with mutatiesoort T) have no
// heeftAlsHoofdzaak, yet real clients send a deelplan's creeerZaak with heeftAlsHoofdzaak naming its gezinsplan.
// With `koppeling.deelplanViaCreeerZaak` the gateway accepts it: the elements are taken out of the document before
// schema validation, so the rest of the message is still validated strictly, while the message tree that the
// operation reads (built before validation) keeps them and creeerZaak makes the link (src/domain/zaakLinks.ts
// applies the usual rules). Without the setting the same message is refused with StUF058 after the schema check.
// Under lenient validation nothing changes: the operation gets the message as sent.
import { XmlElement, type XmlTreeNode } from 'libxml2-wasm';
import type { Route } from '../operations/registry.ts';
import { processing, StufCode, StufError } from '../stuf/errors.ts';
import { NS } from '../xml/namespaces.ts';

function* kinderen(el: XmlElement, name: string, ns: string): Generator<XmlElement> {
  for (let c: XmlTreeNode | null = el.firstChild; c; c = c.next) if (c instanceof XmlElement && c.name === name && c.namespaceUri === ns) yield c;
}

const tekst = (el: XmlElement | undefined) => el?.content.trim();

/** A creeerZaak: the ZDS service (1.1 and 1.2), or the plain StUF-ZKN zakLk01 with mutatiesoort T. */
function isCreeerZaak(route: Route, message: XmlElement): boolean {
  if (route.operation === 'creeerZaak') return true;
  if (route.operation !== 'zakLk01') return false;
  const [parameters] = kinderen(message, 'parameters', NS.ZKN);
  return !!parameters && tekst([...kinderen(parameters, 'mutatiesoort', NS.StUF)][0]) === 'T';
}

const attribuut = (el: XmlElement, name: string, ns: string) => el.attrs.find((a) => a.name === name && a.namespaceUri === ns)?.value;

/**
 * What the schema would have checked of a heeftAlsHoofdzaak (it is not validated): entiteittype ZAKZAKHFD when given,
 * and a gerelateerde with an identificatie (a link without one would be ignored while the client gets its Bv03).
 * An empty relation (xsi:nil) says nothing and passes.
 */
function vormfout(el: XmlElement): string | undefined {
  const ent = attribuut(el, 'entiteittype', NS.StUF);
  if (ent !== undefined && ent !== 'ZAKZAKHFD') return `heeftAlsHoofdzaak heeft entiteittype '${ent}', verwacht ZAKZAKHFD`;
  if (attribuut(el, 'nil', NS.xsi) === 'true' && !el.firstChild) return undefined;
  const [gerelateerde] = kinderen(el, 'gerelateerde', NS.ZKN);
  if (!gerelateerde || !tekst([...kinderen(gerelateerde, 'identificatie', NS.ZKN)][0])) return 'heeftAlsHoofdzaak zonder gerelateerde/identificatie van de hoofdzaak';
  return undefined;
}

/**
 * Takes the heeftAlsHoofdzaak elements of a creeerZaak's ZAK object out of `message` (the DOM that is validated
 * next). Returns the fault to raise, under strict validation, once the rest of the message has passed the schema:
 * StUF055 for a heeftAlsHoofdzaak without the shape of the relation, StUF058 when the configuration does not accept
 * the link this way (`deelplanViaCreeerZaak` false); undefined when there is nothing to object to.
 */
export function hoofdzaakBuitenSchema(route: Route, message: XmlElement, koppeling: { deelplanViaCreeerZaak: boolean }): StufError | undefined {
  if (!isCreeerZaak(route, message)) return undefined;
  const weg: XmlElement[] = [];
  for (const object of kinderen(message, 'object', NS.ZKN)) {
    if (attribuut(object, 'entiteittype', NS.StUF) === 'ZAK') weg.push(...kinderen(object, 'heeftAlsHoofdzaak', NS.ZKN));
  }
  if (!weg.length) return undefined;
  const fout = weg.map(vormfout).find((f) => f !== undefined);
  for (const el of weg) el.remove();
  if (fout) return new StufError(StufCode.schema, fout);
  if (koppeling.deelplanViaCreeerZaak) return undefined;
  return processing('heeftAlsHoofdzaak in een creeerZaak wordt hier niet aanvaard (koppeling.deelplanViaCreeerZaak staat uit): ' +
    'maak de zaak zonder heeftAlsHoofdzaak aan en koppel haar met updateZaak op de hoofdzaak (heeftAlsDeelzaak)');
}

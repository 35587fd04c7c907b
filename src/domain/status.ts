// Statussen (ZAKSTT): the statustype must exist for the zaaktype (else StUF058), a zaak cannot get two
// statussen at the same datumStatusGezet, and the eindstatus closes the zaak (einddatum).
import { encodeContent, encodeNode } from '../store/nodes.ts';
import type { Knex } from 'knex';
import type { Catalogue } from './catalogue.ts';
import type { StatusInput } from './zaak.ts';
import { processing } from '../stuf/errors.ts';
import { sortableTijdstip, tijdstip, isTijdstip } from '../stuf/datum.ts';
import { content, updateZaakContent, type ZaakRow } from '../store/zaken.ts';
import type { XNode } from '../xml/tree.ts';

export async function addStatus(trx: Knex, catalogue: Catalogue, zaak: ZaakRow, s: StatusInput): Promise<ZaakRow> {
  if (!zaak.zaaktype_code) throw processing(`Zaak ${zaak.identificatie} heeft geen zaaktype; een status kan niet worden bepaald`);
  const type = await catalogue.statustype(trx, zaak.zaaktype_code, s.volgnummer, s.omschrijving);
  const gezet = s.datumStatusGezet ?? tijdstip();
  if (!isTijdstip(gezet)) throw processing(`datumStatusGezet '${gezet}' is geen StUF-tijdstip (jjjjmmdduummssmmm)`);
  const padded = sortableTijdstip(gezet);
  const same = await trx('status').where({ zaak_id: zaak.id, datum_status_gezet: padded }).first('id');
  if (same) throw processing(`Zaak ${zaak.identificatie} heeft al een status met datumStatusGezet ${gezet}`);
  await trx('status').insert({
    zaak_id: zaak.id, zaaktype_code: zaak.zaaktype_code, volgnummer: type.volgnummer, omschrijving: type.omschrijving,
    datum_status_gezet: padded, toelichting: s.toelichting?.slice(0, 1000) ?? null, node: encodeNode(s.node),
  });
  if (!type.eindstatus) return zaak;
  // The eindstatus closes the zaak: einddatum = the date the status was set.
  const c = content(zaak);
  const einddatum: XNode = { ns: 'ZKN', name: 'einddatum', attrs: {}, children: [], text: gezet.slice(0, 8) };
  c.a = [...c.a.filter((a) => a.name !== 'einddatum'), einddatum];
  if (!(await updateZaakContent(trx, zaak, c))) throw processing(`Zaak ${zaak.identificatie} is tegelijk door een ander bericht gewijzigd`);
  return { ...zaak, einddatum: einddatum.text, versie: zaak.versie + 1, attributen: encodeContent(c) };
}

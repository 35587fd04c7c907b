// Statussen (ZAKSTT): the statustype must exist for the zaaktype (else StUF058), a zaak cannot get two
// statussen at the same datumStatusGezet, and the eindstatus closes the zaak (einddatum).
import { encodeContent, encodeNode } from '../store/nodes.ts';
import type { Knex } from 'knex';
import type { Catalogue } from './catalogue.ts';
import type { StatusInput } from './zaak.ts';
import { processing } from '../stuf/errors.ts';
import { sortableTijdstip, tijdstip, isTijdstip } from '../stuf/datum.ts';
import { content, updateZaakContent, type ZaakRow } from '../store/zaken.ts';
import { lees, voer } from '../store/lezen.ts';
import type { XNode } from '../xml/tree.ts';
import { meld } from '../notify/gebeurtenissen.ts';

export async function addStatus(trx: Knex, catalogue: Catalogue, zaak: ZaakRow, s: StatusInput): Promise<ZaakRow> {
  if (!zaak.zaaktype_code) throw processing(`Zaak ${zaak.identificatie} heeft geen zaaktype; een status kan niet worden bepaald`);
  const type = await catalogue.statustype(trx, zaak.zaaktype_code, s.volgnummer, s.omschrijving);
  const gezet = s.datumStatusGezet ?? tijdstip();
  if (!isTijdstip(gezet)) throw processing(`datumStatusGezet '${gezet}' is geen StUF-tijdstip (jjjjmmdduummssmmm)`);
  const padded = sortableTijdstip(gezet);
  const [same] = await lees(trx, 'select id from status where zaak_id = ? and datum_status_gezet = ?', [zaak.id, padded]);
  if (same) throw processing(`Zaak ${zaak.identificatie} heeft al een status met datumStatusGezet ${gezet}`);
  await voer(trx, 'insert into status (zaak_id, zaaktype_code, volgnummer, omschrijving, datum_status_gezet, toelichting, node) values (?, ?, ?, ?, ?, ?, ?)',
    [zaak.id, zaak.zaaktype_code, type.volgnummer, type.omschrijving, padded, s.toelichting?.slice(0, 1000) ?? null, encodeNode(s.node)]);
  meld(trx, zaak.id, 'statusChanged');
  if (!type.eindstatus) return zaak;
  // The eindstatus closes the zaak: einddatum = the date the status was set.
  const c = content(zaak);
  const einddatum: XNode = { ns: 'ZKN', name: 'einddatum', attrs: {}, children: [], text: gezet.slice(0, 8) };
  c.a = [...c.a.filter((a) => a.name !== 'einddatum'), einddatum];
  if (!(await updateZaakContent(trx, zaak, c))) throw processing(`Zaak ${zaak.identificatie} is tegelijk door een ander bericht gewijzigd`);
  return { ...zaak, einddatum: einddatum.text, versie: zaak.versie + 1, attributen: encodeContent(c) };
}

// Routing action `linkAsDeelplan`: the zaken the message created become deelplannen of the gezinsplan of the
// person the message is about, in the message's transaction (as an updateZaak on the gezinsplan would, guide §6.3).
import type { Knex } from 'knex';
import { addDeelzaak, type Koppeling } from '../domain/zaakLinks.ts';
import { processing } from '../stuf/errors.ts';
import { findZaakById } from '../store/zaken.ts';
import type { Wijzigingen } from '../notify/gebeurtenissen.ts';

export async function koppelAlsDeelplan(trx: Knex, w: Wijzigingen, gezinsplannen: { id: number; identificatie: string }[], koppeling: Koppeling): Promise<void> {
  const nieuw = [...w.zaken].filter(([, e]) => e.has('zaakCreated')).map(([id]) => id);
  if (!nieuw.length || !gezinsplannen.length) return;
  if (gezinsplannen.length > 1) {
    throw processing(`De persoon in dit bericht staat in meer dan één open gezinsplan (${gezinsplannen.map((g) => g.identificatie).join(', ')}); ` +
      'koppel het deelplan met updateZaak op het juiste gezinsplan');
  }
  const hoofd = await findZaakById(trx, gezinsplannen[0].id);
  if (!hoofd) return;
  for (const id of nieuw) {
    const deel = await findZaakById(trx, id);
    // zaken created as a bare gerelateerde (no zaaktype) are not the message's own zaak
    if (!deel?.zaaktype_code || deel.id === hoofd.id) continue;
    const node = { ns: 'ZKN', name: 'heeftAlsDeelzaak', attrs: {}, children: [], text: '' };
    await addDeelzaak(trx, hoofd, { identificatie: deel.identificatie, node }, { ...koppeling, viaCreeerZaak: false });
  }
}

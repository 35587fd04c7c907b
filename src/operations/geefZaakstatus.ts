// geefZaakstatus (ZDS12 §4.1.1, #1): the zaak with its statussen, newest first (datumStatusGezet descending),
// only the current one when gelijk/heeft/indicatieLaatsteStatus = J. STT zkt.omschrijving and volgnummer come
// from the catalogue (required by the 1.2 answer XSD); a zaak without status gets one nil `heeft`.
import { scopeOf } from '../stuf/scope.ts';
import type { Operation } from './context.ts';
import { beantwoordZaakvraag } from './zakLv01.ts';

/** Without a scope: identificatie and every status field. */
const STATUS_SCOPE = scopeOf('identificatie', 'heeft');

export const geefZaakstatus: Operation = (ctx) => beantwoordZaakvraag(ctx, {
  vorm: 'status',
  standaardScope: STATUS_SCOPE,
  identificatieVerplicht: ctx.route.dialect === 'zds-1.2',
  legeSelectieIsLeeg: true,
});

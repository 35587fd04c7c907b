// geefLijstZaakdocumenten (ZDS12 §4.3.1, #7). Documents are not stored yet (a later issue): the zaak is
// answered with one nil heeftRelevant, as the guide prescribes for a zaak without documents (§3.2 #7).
import { scopeOf } from '../stuf/scope.ts';
import type { Operation } from './context.ts';
import { beantwoordZaakvraag } from './zakLv01.ts';

const DOCUMENTEN_SCOPE = scopeOf('identificatie', 'heeftRelevant');

export const geefLijstZaakdocumenten: Operation = (ctx) => beantwoordZaakvraag(ctx, {
  vorm: 'documenten',
  standaardScope: DOCUMENTEN_SCOPE,
  identificatieVerplicht: ctx.route.dialect === 'zds-1.2',
  legeSelectieIsLeeg: true,
});

// geefLijstBesluiten (ZakLv01 -> ZakLa01), ZDS12 §4.1.11: the besluiten of a zaak (leidtTot).
import { scopeOf } from '../stuf/scope.ts';
import type { Operation } from './context.ts';
import { beantwoordZaakvraag } from './zakLv01.ts';

export const geefLijstBesluiten: Operation = (ctx) => beantwoordZaakvraag(ctx, {
  vorm: 'besluiten',
  standaardScope: scopeOf('identificatie', 'leidtTot'),
  identificatieVerplicht: true,
  legeSelectieIsLeeg: true,
});

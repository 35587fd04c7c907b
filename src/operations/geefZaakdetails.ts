// geefZaakdetails (ZDS12 §4.1.2, #2): Lv01 -> La01 with the zaak selected on gelijk/identificatie, scope as a
// tree or a keyword (StUF:scope="alles"). ZDS 1.1 uses the generic zakLv01/zakLa01, 1.2 its own roots.
import { ALLES } from '../stuf/scope.ts';
import type { Operation } from './context.ts';
import { beantwoordZaakvraag } from './zakLv01.ts';

export const geefZaakdetails: Operation = (ctx) => beantwoordZaakvraag(ctx, {
  // ZDS 1.2 has its own answer type (identificatie required, one object); 1.1 answers the generic ZAK-antwoord.
  vorm: ctx.route.dialect === 'zds-1.2' ? 'details' : 'generiek',
  standaardScope: ALLES,
  identificatieVerplicht: ctx.route.dialect === 'zds-1.2',
  legeSelectieIsLeeg: true,
});

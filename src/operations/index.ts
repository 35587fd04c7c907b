// Operation modules by service name (the registry's `operation`). A service without a module is answered
// with a StUF040 fault that says it is not supported yet.
import type { Operation } from './context.ts';
import { creeerZaak } from './creeerZaak.ts';
import { updateZaak } from './updateZaak.ts';
import { actualiseerZaakstatus } from './actualiseerZaakstatus.ts';
import { zakLk01 } from './zakLk01.ts';
import { genereerZaakIdentificatie } from './genereerZaakIdentificatie.ts';
import { geefZaakdetails } from './geefZaakdetails.ts';
import { geefZaakstatus } from './geefZaakstatus.ts';
import { geefLijstZaakdocumenten } from './geefLijstZaakdocumenten.ts';
import { zakLv01 } from './zakLv01.ts';
import { genereerDocumentIdentificatie } from './genereerDocumentIdentificatie.ts';
import { voegZaakdocumentToe } from './voegZaakdocumentToe.ts';
import { geefZaakdocumentLezen } from './geefZaakdocumentLezen.ts';
import { geefZaakdocumentbewerken } from './geefZaakdocumentbewerken.ts';
import { updateZaakdocument } from './updateZaakdocument.ts';
import { cancelCheckout } from './cancelCheckout.ts';
import { ontkoppelZaakdocument } from './ontkoppelZaakdocument.ts';
import { genereerBesluitIdentificatie } from './genereerBesluitIdentificatie.ts';
import { voegBesluitToe } from './voegBesluitToe.ts';
import { updateBesluit } from './updateBesluit.ts';
import { geefBesluitdetails } from './geefBesluitdetails.ts';
import { geefLijstBesluiten } from './geefLijstBesluiten.ts';
import { overdragenZaak, overdragenZaakAntwoord } from './overdragenZaak.ts';

export const OPERATIONS: Record<string, Operation> = {
  geefZaakdetails,
  geefZaakstatus,
  geefLijstZaakdocumenten,
  zakLv01,
  genereerZaakIdentificatie,
  creeerZaak,
  updateZaak,
  actualiseerZaakstatus,
  zakLk01,
  genereerDocumentIdentificatie,
  voegZaakdocumentToe,
  maakZaakdocument: voegZaakdocumentToe,
  geefZaakdocumentLezen,
  geefZaakdocumentbewerken,
  updateZaakdocument,
  cancelCheckout,
  ontkoppelZaakdocument,
  genereerBesluitIdentificatie,
  voegBesluitToe,
  updateBesluit,
  geefBesluitdetails,
  geefLijstBesluiten,
  overdragenZaak,
  overdragenZaakAntwoord,
  edcLv01: geefZaakdocumentLezen,
  edcLk01: voegZaakdocumentToe,
};

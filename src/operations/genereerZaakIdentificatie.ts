// genereerZaakIdentificatie (Di02 -> Du02), ZDS12 §4.1.6: a new, reserved zaak identificatie.
import { genereerIdentificatie } from './genereerIdentificatie.ts';

export const genereerZaakIdentificatie = genereerIdentificatie('ZAK', 'zaak');

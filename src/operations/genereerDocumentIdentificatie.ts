// genereerDocumentIdentificatie (Di02 -> Du02), ZDS12 §4.3.7: a new, reserved document identificatie.
import { genereerIdentificatie } from './genereerIdentificatie.ts';

export const genereerDocumentIdentificatie = genereerIdentificatie('EDC', 'document');

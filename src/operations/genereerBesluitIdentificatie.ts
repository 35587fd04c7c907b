// genereerBesluitIdentificatie (Di02 -> Du02), ZDS12 §4.1.9: a new, reserved besluit identificatie.
import { genereerIdentificatie } from './genereerIdentificatie.ts';

export const genereerBesluitIdentificatie = genereerIdentificatie('BSL', 'besluit');

// Operation modules by service name (the registry's `operation`). A service without a module is answered
// with a StUF040 fault that says it is not supported yet.
import type { Operation } from './context.ts';
import { creeerZaak } from './creeerZaak.ts';
import { genereerZaakIdentificatie } from './genereerZaakIdentificatie.ts';

export const OPERATIONS: Record<string, Operation> = {
  genereerZaakIdentificatie,
  creeerZaak,
};

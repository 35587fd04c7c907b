// The three dialects differ only at the edges: root names, the namespace of vrije-berichten children,
// the SOAPAction base, the WSDL and the schema bundle. Everything else is shared.
import type { Bundle } from '../xsd/validators.ts';

export type DialectId = 'zds-1.1' | 'zds-1.2' | 'stuf-zkn';

export interface Dialect {
  id: DialectId;
  bundle: Bundle;
  /** prefix (ZDS or ZKN) of the top-level children of vrije berichten (guide §1.3) */
  vrijPrefix: 'ZDS' | 'ZKN';
  actionBase: string;
}

export const A11 = 'http://www.egem.nl/StUF/sector/zkn/0310/';
export const A12 = 'http://www.stufstandaarden.nl/koppelvlak/zds0120/';

export const DIALECTS: Record<DialectId, Dialect> = {
  'zds-1.1': { id: 'zds-1.1', bundle: 'zds-1.1', vrijPrefix: 'ZKN', actionBase: A11 },
  'zds-1.2': { id: 'zds-1.2', bundle: 'zds-1.2', vrijPrefix: 'ZDS', actionBase: A12 },
  'stuf-zkn': { id: 'stuf-zkn', bundle: 'zds-1.1', vrijPrefix: 'ZKN', actionBase: A11 },
};

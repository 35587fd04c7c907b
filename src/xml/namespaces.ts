/** Namespace URIs of the StUF world. Prefixes on the wire are the client's choice; we match on URI. */
export const NS = {
  StUF: 'http://www.egem.nl/StUF/StUF0301',
  ZKN: 'http://www.egem.nl/StUF/sector/zkn/0310',
  BG: 'http://www.egem.nl/StUF/sector/bg/0310',
  ZDS: 'http://www.stufstandaarden.nl/koppelvlak/zds0120',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  xmime: 'http://www.w3.org/2005/05/xmlmime',
  gml: 'http://www.opengis.net/gml',
  xlink: 'http://www.w3.org/1999/xlink',
  SOAP11: 'http://schemas.xmlsoap.org/soap/envelope/',
  SOAP12: 'http://www.w3.org/2003/05/soap-envelope',
} as const;

/** The prefix we use for a known namespace in attribute keys of XNode and in everything we write. */
export const PREFIX_OF: Record<string, string> = {
  [NS.StUF]: 'StUF', [NS.ZKN]: 'ZKN', [NS.BG]: 'BG', [NS.ZDS]: 'ZDS', [NS.xsi]: 'xsi',
  [NS.xmime]: 'xmime', [NS.gml]: 'gml', [NS.xlink]: 'xlink',
};

export const PREFIXES = new Set(Object.values(PREFIX_OF));

/** Declarations put on the root of every StUF answer, so nested elements never need their own. */
export const ANSWER_XMLNS =
  `xmlns:StUF="${NS.StUF}" xmlns:ZKN="${NS.ZKN}" xmlns:BG="${NS.BG}" xmlns:xsi="${NS.xsi}" xmlns:xmime="${NS.xmime}" xmlns:gml="${NS.gml}"`;

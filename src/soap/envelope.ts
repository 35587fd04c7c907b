// SOAP envelopes in and out. A request is parsed once: no DTD loading, no entity expansion, no network,
// leading whitespace/BOM trimmed (a real client sends a blank line before <?xml ...?>). A DOCTYPE never reaches
// the parser, whatever the encoding, and the envelope must hold exactly one Body with exactly one message.
import { ParseOption, XmlCData, XmlDocument, XmlElement, XmlText, type XmlTreeNode } from 'libxml2-wasm';
import { NS } from '../xml/namespaces.ts';
import { StufError, StufCode } from '../stuf/errors.ts';

export type SoapVersion = '1.1' | '1.2';

export interface ParsedEnvelope {
  doc: XmlDocument;
  version: SoapVersion;
  /** the StUF message: the only element child of soap:Body */
  body: XmlElement;
}

// XML_PARSE_HUGE: large inline content that bijlagen.ts leaves in the message (with character references) may
// exceed libxml2's 10 MB text limit. Parse errors are collected (not printed) and named in the fault.
const PARSE_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_HUGE;

const schema = (details: string) => new StufError(StufCode.schema, details);

/** Skips a UTF-8 BOM and whitespace before the first '<'. */
export function trimLeading(buf: Buffer): Buffer {
  let i = 0;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  return i ? buf.subarray(i) : buf;
}

/**
 * The message as text in which a DOCTYPE can be searched: the bytes themselves for ASCII-compatible encodings,
 * decoded for UTF-16 (with or without byte order mark, XML 1.0 appendix F). Other encodings with NUL bytes
 * (UCS-4 and the like) would hide a DOCTYPE from a byte search, so they are refused.
 */
function zoekbaar(buf: Buffer): string | Buffer {
  const [a, b] = buf;
  if ((a === 0xff && b === 0xfe) || (a === 0x3c && b === 0x00 && buf[2] !== 0x00)) return buf.toString('utf16le');
  if ((a === 0xfe && b === 0xff) || (a === 0x00 && b === 0x3c)) return Buffer.from(buf).swap16().toString('utf16le');
  if (buf.subarray(0, 4).includes(0)) throw schema('Tekencodering niet ondersteund: gebruik UTF-8 of UTF-16');
  return buf;
}

function firstElement(node: XmlElement): XmlElement | undefined {
  for (let c: XmlTreeNode | null = node.firstChild; c; c = c.next) if (c instanceof XmlElement) return c;
  return undefined;
}

/** Text other than whitespace directly in Envelope or Body (SOAP: element content only). */
const losseTekst = (node: XmlElement): boolean => {
  for (let c: XmlTreeNode | null = node.firstChild; c; c = c.next) if ((c instanceof XmlText || c instanceof XmlCData) && c.content.trim()) return true;
  return false;
};

/** libxml2's first error, without the advice to use a parser option (that is ours to set, not the client's). */
function parseFout(e: unknown): string {
  const first = (e as { details?: { message: string; line?: number }[] }).details?.[0];
  const why = first ? `${first.message.trim()}${first.line ? ` (regel ${first.line})` : ''}` : String((e as Error).message).split('\n')[0];
  return why.replace(/,? use XML_PARSE_\w+ option/, '');
}

export function parseEnvelope(raw: Buffer): ParsedEnvelope {
  const buf = trimLeading(raw);
  if (zoekbaar(buf).includes('<!DOCTYPE')) throw schema('Een DOCTYPE (DTD) is niet toegestaan in een StUF-bericht');
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(buf, { option: PARSE_OPTIONS });
  } catch (e) {
    throw schema(`Bericht is geen well-formed XML: ${parseFout(e)}`);
  }
  try {
    const env = doc.root;
    const version: SoapVersion | undefined = env.namespaceUri === NS.SOAP11 ? '1.1' : env.namespaceUri === NS.SOAP12 ? '1.2' : undefined;
    if (env.name !== 'Envelope' || !version) throw schema('Het bericht is geen SOAP Envelope');
    const bodies: XmlElement[] = [];
    for (let c: XmlTreeNode | null = env.firstChild; c; c = c.next) {
      if (c instanceof XmlElement && c.name === 'Body' && c.namespaceUri === env.namespaceUri) bodies.push(c);
    }
    if (bodies.length > 1) throw schema('De SOAP Envelope bevat meer dan één Body');
    const body = bodies[0] && firstElement(bodies[0]);
    if (!body) throw schema('De SOAP Body bevat geen StUF-bericht');
    // One StUF message per Body (StUF protocolbindingen; WS-I Basic Profile, document/literal)
    let next: XmlTreeNode | null = body.next;
    while (next && !(next instanceof XmlElement)) next = next.next;
    if (next) throw schema(`De SOAP Body bevat meer dan één element: na ${body.name} volgt ${(next as XmlElement).name}`);
    if (losseTekst(env) || losseTekst(bodies[0])) throw schema('De SOAP Envelope of Body bevat tekst buiten de elementen');
    return { doc, version, body };
  } catch (e) {
    doc.dispose();
    throw e;
  }
}

export function contentTypeOf(version: SoapVersion): string {
  return version === '1.2' ? 'application/soap+xml; charset=utf-8' : 'text/xml; charset=utf-8';
}

export function wrap(version: SoapVersion, bodyXml: string): string {
  const ns = version === '1.2' ? NS.SOAP12 : NS.SOAP11;
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${ns}"><soapenv:Body>${bodyXml}</soapenv:Body></soapenv:Envelope>`;
}

/** A SOAP Fault with the StUF Fo-bericht as detail (StUF protocolbindingen: faultcode from plek). */
export function wrapFault(version: SoapVersion, plek: 'client' | 'server', reason: string, detailXml: string): string {
  const r = reason.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);
  if (version === '1.2') {
    const code = plek === 'client' ? 'soapenv:Sender' : 'soapenv:Receiver';
    return wrap(version, `<soapenv:Fault><soapenv:Code><soapenv:Value>${code}</soapenv:Value></soapenv:Code>` +
      `<soapenv:Reason><soapenv:Text xml:lang="nl">${r}</soapenv:Text></soapenv:Reason><soapenv:Detail>${detailXml}</soapenv:Detail></soapenv:Fault>`);
  }
  const code = plek === 'client' ? 'soapenv:Client' : 'soapenv:Server';
  return wrap(version, `<soapenv:Fault><faultcode>${code}</faultcode><faultstring>${r}</faultstring><detail>${detailXml}</detail></soapenv:Fault>`);
}

/** SOAPAction from the SOAP 1.1 header or the SOAP 1.2 content-type `action` parameter, unquoted. */
export function soapActionOf(headers: { soapaction?: string | string[]; 'content-type'?: string }): string {
  let a = headers.soapaction;
  if (Array.isArray(a)) a = a[0];
  if (!a) a = headers['content-type']?.match(/;\s*action\s*=\s*("[^"]*"|[^;]*)/i)?.[1];
  return (a ?? '').trim().replace(/^"(.*)"$/, '$1').trim();
}

/** A client's request headers: SOAP 1.1 text/xml + quoted SOAPAction; SOAP 1.2 application/soap+xml with the action parameter. */
export function requestHeaders(version: SoapVersion, action: string): Record<string, string> {
  return version === '1.2'
    ? { 'content-type': `${contentTypeOf('1.2')}; action="${action}"` }
    : { 'content-type': contentTypeOf('1.1'), soapaction: `"${action}"` };
}

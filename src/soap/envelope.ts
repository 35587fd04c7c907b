// SOAP envelopes in and out. A request is parsed once: no DTD loading, no entity expansion, no network,
// leading whitespace/BOM trimmed (a real client sends a blank line before <?xml ...?>).
import { ParseOption, XmlDocument, XmlElement, type XmlTreeNode } from 'libxml2-wasm';
import { NS } from '../xml/namespaces.ts';
import { StufError, StufCode } from '../stuf/errors.ts';

export type SoapVersion = '1.1' | '1.2';

export interface ParsedEnvelope {
  doc: XmlDocument;
  version: SoapVersion;
  /** the StUF message: the first element child of soap:Body */
  body: XmlElement;
}

const PARSE_OPTIONS = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE | ParseOption.XML_PARSE_HUGE |
  ParseOption.XML_PARSE_NOERROR | ParseOption.XML_PARSE_NOWARNING;

/** Skips a UTF-8 BOM and whitespace before the first '<'. */
export function trimLeading(buf: Buffer): Buffer {
  let i = 0;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
  while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
  return i ? buf.subarray(i) : buf;
}

function firstElement(node: XmlElement): XmlElement | undefined {
  for (let c: XmlTreeNode | null = node.firstChild; c; c = c.next) if (c instanceof XmlElement) return c;
  return undefined;
}

export function parseEnvelope(raw: Buffer): ParsedEnvelope {
  const buf = trimLeading(raw);
  if (buf.includes('<!DOCTYPE') || buf.includes('<!doctype')) {
    throw new StufError(StufCode.schema, 'Een DOCTYPE (DTD) is niet toegestaan in een StUF-bericht');
  }
  let doc: XmlDocument;
  try {
    doc = XmlDocument.fromBuffer(buf, { option: PARSE_OPTIONS });
  } catch (e) {
    const first = (e as { details?: { message: string; line?: number }[] }).details?.[0];
    const why = first ? `${first.message.trim()}${first.line ? ` (regel ${first.line})` : ''}` : String((e as Error).message).split('\n')[0];
    throw new StufError(StufCode.schema, `Bericht is geen well-formed XML: ${why}`);
  }
  try {
    const env = doc.root;
    const version: SoapVersion | undefined = env.namespaceUri === NS.SOAP11 ? '1.1' : env.namespaceUri === NS.SOAP12 ? '1.2' : undefined;
    if (env.name !== 'Envelope' || !version) throw new StufError(StufCode.schema, 'Het bericht is geen SOAP Envelope');
    let bodyEl: XmlElement | undefined;
    for (let c: XmlTreeNode | null = env.firstChild; c; c = c.next) {
      if (c instanceof XmlElement && c.name === 'Body' && c.namespaceUri === env.namespaceUri) bodyEl = c;
    }
    const body = bodyEl && firstElement(bodyEl);
    if (!body) throw new StufError(StufCode.schema, 'De SOAP Body bevat geen StUF-bericht');
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

// Routing action `forward`: the request goes as it came (same body, content type and SOAP version) to another
// endpoint, and its answer is relayed. The gateway stores nothing of a forwarded message: the receiver (the
// regiesysteem) decides, and writes to the zakenmagazijn itself if it wants to.
import { StufCode, StufError } from '../stuf/errors.ts';

export interface Doorgestuurd {
  status: number;
  contentType: string;
  body: string;
}

export async function doorsturen(url: string, body: Buffer, headers: { soapaction?: string | string[]; 'content-type'?: string }, soapAction: string | undefined, timeoutMs: number): Promise<Doorgestuurd> {
  const contentType = headers['content-type'] ?? 'text/xml; charset=utf-8';
  const h: Record<string, string> = { 'content-type': contentType };
  if (/application\/soap\+xml/i.test(contentType)) {
    if (soapAction) h['content-type'] = `${contentType.replace(/;\s*action=("[^"]*"|[^;]*)/i, '')}; action="${soapAction}"`;
  } else {
    const action = soapAction ?? (Array.isArray(headers.soapaction) ? headers.soapaction[0] : headers.soapaction);
    if (action !== undefined) h.soapaction = /^".*"$/.test(action) ? action : `"${action}"`;
  }
  let r: Response;
  try {
    r = await fetch(url, { method: 'POST', headers: h, body: new Uint8Array(body) as Uint8Array<ArrayBuffer>, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new StufError(StufCode.unavailable, `Doorsturen naar ${new URL(url).host} mislukt: ${(e as Error).name === 'TimeoutError' ? 'geen antwoord binnen de tijd' : (e as Error).message}`, { plek: 'server' });
  }
  return { status: r.status, contentType: r.headers.get('content-type') ?? contentType, body: await r.text() };
}

// A simulated abonnee (the regiesysteem's or a backoffice's StUF-ZKN OntvangAsynchroon): records every
// kennisgeving it receives and answers Bv03, or a Fo03 fault when told to; it can go down (stops listening: the
// gateway sees connection refused) and come back on the same port. `handler` lets a test answer some messages
// itself (the regiesysteem receiving a forwarded message).
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XmlDocument } from 'libxml2-wasm';
import type { RunningServer } from '../../src/http/server.ts';
import { NS } from '../../src/xml/namespaces.ts';

export interface Ontvangen {
  soapAction: string;
  contentType: string;
  /** the raw request */
  envelope: string;
  /** the Body child */
  body: string;
  root: string;
  referentienummer: string;
}

const textOf = (xml: string, name: string) => xml.match(new RegExp(`<(?:\\w+:)?${name}(?:\\s[^>]*)?>([^<]*)</(?:\\w+:)?${name}>`))?.[1];

/** A kennisgeving received is valid against StUF-ZKN 3.10 (the zds-1.1 bundle holds zkn0310). */
export function assertKennisgevingValid(srv: RunningServer, m: Ontvangen): void {
  const doc = XmlDocument.fromString(m.body);
  try {
    assert.deepEqual(srv.gateway.validators.validate('zds-1.1', doc.root), [], `kennisgeving not valid against zkn0310:\n${m.body.slice(0, 3000)}`);
  } finally {
    doc.dispose();
  }
}

export function bv03(ref: string, zender = 'REGIE', ontvanger = 'ZKM'): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${NS.SOAP11}"><s:Body><StUF:Bv03Bericht xmlns:StUF="${NS.StUF}"><StUF:stuurgegevens>` +
    `<StUF:berichtcode>Bv03</StUF:berichtcode><StUF:zender><StUF:applicatie>${zender}</StUF:applicatie></StUF:zender><StUF:ontvanger><StUF:applicatie>${ontvanger}</StUF:applicatie></StUF:ontvanger>` +
    `<StUF:referentienummer>${zender}-${Date.now()}</StUF:referentienummer><StUF:tijdstipBericht>20240101000000000</StUF:tijdstipBericht><StUF:crossRefnummer>${ref}</StUF:crossRefnummer>` +
    '</StUF:stuurgegevens></StUF:Bv03Bericht></s:Body></s:Envelope>';
}

export function fo03(ref: string, code: string, details: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="${NS.SOAP11}"><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>Fout</faultstring><detail>` +
    `<StUF:Fo03Bericht xmlns:StUF="${NS.StUF}"><StUF:stuurgegevens><StUF:berichtcode>Fo03</StUF:berichtcode><StUF:zender><StUF:applicatie>REGIE</StUF:applicatie></StUF:zender>` +
    `<StUF:ontvanger><StUF:applicatie>ZKM</StUF:applicatie></StUF:ontvanger><StUF:referentienummer>F${Date.now()}</StUF:referentienummer><StUF:tijdstipBericht>20240101000000000</StUF:tijdstipBericht>` +
    `<StUF:crossRefnummer>${ref}</StUF:crossRefnummer></StUF:stuurgegevens><StUF:body><StUF:code>${code}</StUF:code><StUF:plek>server</StUF:plek>` +
    `<StUF:omschrijving>Fout</StUF:omschrijving><StUF:details>${details}</StUF:details></StUF:body></StUF:Fo03Bericht></detail></s:Fault></s:Body></s:Envelope>`;
}

export class Ontvanger {
  readonly ontvangen: Ontvangen[] = [];
  /** set: answer every kennisgeving with this Fo03 */
  weiger?: { code: string; details: string };
  /** answers a request itself (return undefined to fall through to the Bv03) */
  handler?: (m: Ontvangen) => Promise<{ status: number; contentType?: string; body: string } | undefined>;
  private server?: http.Server;
  private waiters: (() => void)[] = [];
  port = 0;

  constructor(readonly naam = 'REGIE') {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/ontvang`;
  }

  async up(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const envelope = Buffer.concat(chunks).toString('utf8');
        const contentType = req.headers['content-type'] ?? '';
        const action = String(req.headers.soapaction ?? contentType.match(/action="([^"]*)"/)?.[1] ?? '').replace(/^"|"$/g, '');
        const body = envelope.match(/<(?:\w+:)?Body[^>]*>([\s\S]*)<\/(?:\w+:)?Body>/)?.[1] ?? '';
        const m: Ontvangen = { soapAction: action, contentType, envelope, body, root: body.match(/<([\w:]+)/)?.[1] ?? '', referentienummer: textOf(body, 'referentienummer') ?? '' };
        const eigen = this.handler ? await this.handler(m).catch((e) => ({ status: 500, contentType: 'text/plain', body: String(e) })) : undefined;
        if (eigen) {
          res.writeHead(eigen.status, { 'content-type': eigen.contentType ?? 'text/xml; charset=utf-8' });
          res.end(eigen.body);
          return;
        }
        this.ontvangen.push(m);
        this.waiters.splice(0).forEach((w) => w());
        const answer = this.weiger ? fo03(m.referentienummer, this.weiger.code, this.weiger.details) : bv03(m.referentienummer, this.naam);
        res.writeHead(this.weiger ? 500 : 200, { 'content-type': 'text/xml; charset=utf-8' });
        res.end(answer);
      });
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Waits until `n` kennisgevingen have been received (or fails after `ms`). */
  async wachtOp(n: number, ms = 20_000): Promise<Ontvangen[]> {
    const until = Date.now() + ms;
    while (this.ontvangen.length < n) {
      if (Date.now() > until) throw new Error(`${this.naam}: ${this.ontvangen.length} kennisgevingen ontvangen, ${n} verwacht`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.ontvangen.slice(0, n);
  }
}

// Baseline servers of the benchmark, each run as its own process, all answering with the gateway's own answer bytes
// for the request's SOAPAction (canned: recorded from the SQLite gateway in the preflight):
//   bare      node:http, the canned answer without reading more than the headers
//   validate  the request parsed with the gateway's own parseEnvelope (libxml2-wasm, same parse options) and its Body
//             child validated against the compiled schema bundle of the path's dialect (Validators.load), then the
//             canned bytes; an invalid request is answered 400, so the bench counts it as an error
//   soap      node-soap (`soap.listen`) serving our WSDLs from wsdl/: it parses the request its own way and calls a
//             service that returns the canned Body child. node-soap writes its own envelope around it (its prefix
//             `soap:`, the WSDL's namespace declarations), so the answer is equivalent, not byte-equal.
// Env: PORT, HOST, BENCH_ANSWERS (JSON file: { "<SOAPAction>": { "path": "...", "contentType": "...", "body": "..." } }),
// STUF_SCHEMA_DIR (optional).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import soap from 'soap';
import { loadConfig, projectRoot } from '../src/config/index.ts';
import { parseEnvelope } from '../src/soap/envelope.ts';
import { Validators, type Bundle } from '../src/xsd/validators.ts';

export interface Canned { path: string; contentType: string; body: string }

const mode = process.argv[2];
if (mode !== 'bare' && mode !== 'validate' && mode !== 'soap') {
  console.error('usage: baseline.ts bare|validate|soap');
  process.exit(2);
}
const config = loadConfig();
const canned = JSON.parse(fs.readFileSync(process.env.BENCH_ANSWERS!, 'utf8')) as Record<string, Canned>;
const answers = new Map(Object.entries(canned).map(([action, a]) => [action, { contentType: a.contentType, body: Buffer.from(a.body) }]));
const actionOf = (req: http.IncomingMessage) => String(req.headers.soapaction ?? '').replace(/^"|"$/g, '');
const validators = mode === 'validate' ? Validators.load(config.schemaDir) : undefined;
const bundleOf = (p: string): Bundle => (p.startsWith('/zds/1.2/') ? 'zds-1.2' : 'zds-1.1');

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks, size)));
    req.on('error', reject);
  });
}

/** node-soap loads its WSDLs after listening: until then /health says 503 */
let ready = mode !== 'soap';

const server = http.createServer(async (req, res) => {
  const pathname = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && pathname === '/health') {
    res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json', 'content-length': 15 });
    return res.end(ready ? '{"status":"ok"}' : '{"status":"no"}');
  }
  const answer = answers.get(actionOf(req));
  if (req.method !== 'POST' || !answer) {
    req.resume();
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end('niet gevonden\n');
  }
  const body = await readBody(req);
  if (validators) {
    let errors: string[];
    try {
      const env = parseEnvelope(body);
      try {
        errors = validators.validate(bundleOf(pathname), env.body);
      } finally {
        env.doc.dispose();
      }
    } catch (e) {
      errors = [(e as Error).message];
    }
    if (errors.length) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      return res.end(`${errors[0]}\n`);
    }
  }
  res.writeHead(200, { 'content-type': answer.contentType, 'content-length': answer.body.length });
  res.end(answer.body);
});
server.keepAliveTimeout = 65_000;

/** node-soap on every path of the canned answers; resolves when all WSDLs are loaded (before that: 404s). */
async function listenSoap(): Promise<void> {
  // the Body child of each canned answer: node-soap puts it into its own envelope
  const child = new Map([...answers].map(([action, a]) => [action, a.body.toString('utf8').match(/<(?:\w+:)?Body>([\s\S]*)<\/(?:\w+:)?Body>/)?.[1] ?? '']));
  const method = (_args: unknown, _cb: unknown, _headers: unknown, req: http.IncomingMessage) => ({ _xml: child.get(actionOf(req)) ?? '' });
  // every service, port and operation of the WSDL has the same implementation
  const any = <T>(value: T) => new Proxy({}, { get: () => value });
  const services = any(any(any(method)));
  for (const p of new Set(Object.values(canned).map((a) => a.path))) {
    // /zds/1.2/BeantwoordVraag -> wsdl/zds-1.2/BeantwoordVraag.wsdl
    const [, family, version, port] = p.split('/');
    const file = path.join(projectRoot, 'wsdl', `${family}-${version}`, `${port}.wsdl`);
    await new Promise<void>((resolve, reject) => {
      soap.listen(server, {
        path: p, services, xml: fs.readFileSync(file, 'utf8'), uri: file, enableChunkedEncoding: false,
        callback: (err: unknown) => (err ? reject(err) : resolve()),
      } as unknown as soap.IServerOptions);
    });
  }
}

server.listen(config.port, config.host, () => {
  if (mode === 'soap') listenSoap().then(() => { ready = true; }, (e) => { console.error(`node-soap: ${(e as Error).message}`); process.exit(1); });
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

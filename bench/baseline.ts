// Baseline servers of the benchmark, run as their own process: `baseline.ts bare` answers every POST with
// the canned answer of its path; `baseline.ts validate` first parses the request with the gateway's own
// parseEnvelope (libxml2-wasm, same parse options) and validates the Body child against the compiled
// schema bundle of the path's dialect (Validators.load), then sends the same canned bytes. An invalid
// request is answered 400, so the bench counts it as an error.
// Env: PORT, HOST, BENCH_ANSWERS (JSON file: { "<path>": { "contentType": "...", "body": "..." } }),
// STUF_SCHEMA_DIR (optional).
import fs from 'node:fs';
import http from 'node:http';
import { loadConfig } from '../src/config/index.ts';
import { parseEnvelope } from '../src/soap/envelope.ts';
import { Validators, type Bundle } from '../src/xsd/validators.ts';

type Canned = { contentType: string; body: string };

const mode = process.argv[2];
if (mode !== 'bare' && mode !== 'validate') {
  console.error('usage: baseline.ts bare|validate');
  process.exit(2);
}
const config = loadConfig();
const answers = new Map<string, { contentType: string; body: Buffer }>();
for (const [p, a] of Object.entries(JSON.parse(fs.readFileSync(process.env.BENCH_ANSWERS!, 'utf8')) as Record<string, Canned>)) {
  answers.set(p, { contentType: a.contentType, body: Buffer.from(a.body) });
}
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

const server = http.createServer(async (req, res) => {
  const pathname = (req.url ?? '/').split('?')[0];
  if (req.method === 'GET' && pathname === '/health') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': 15 });
    return res.end('{"status":"ok"}');
  }
  const answer = answers.get(pathname);
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
server.listen(config.port, config.host);
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

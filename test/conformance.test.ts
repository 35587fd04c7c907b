// Conformance replay of the public ZDS corpus (../shared/conformance, see its README.md and manifest.json).
//
// Every public request of a scenario that contains an operation this issue covers (COVERED below) is
// posted (src/conformance/replay.ts), in ascending step order, to the endpoint path of its dialect and port, with its
// SOAPAction and SOAP version. Requests of other operations in those scenarios are sent (later steps may
// depend on them) but not asserted. Each run gets a fresh gateway and database: in-memory SQLite, or on
// PostgreSQL (DATABASE_URL) a schema of its own (search_path through the connection string's `options`),
// dropped afterwards, so runs never see data of earlier runs.
//
// Asserted per covered request: expected.kind (and fault_code), HTTP status, crossRefnummer = request
// referentienummer, identificatie facts, SoapUI XPath facts this runner understands, and XSD validity
// of every answer (zds-1.2 bundle for ZDS 1.2, zds-1.1 otherwise).
//
// Run: node --import tsx --test test/conformance.test.ts   (DATABASE_URL=postgres://... for PostgreSQL)
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadConfig, projectRoot } from '../src/config/index.ts';
import { startServer, type RunningServer } from '../src/http/server.ts';
import { EXCEPTIONS } from '../src/conformance/exceptions.ts';
import { loadManifest, plan, tallyKey, type Run } from '../src/conformance/manifest.ts';
import { RunReplay, type CaseResult } from '../src/conformance/replay.ts';
import { summary } from '../src/conformance/report.ts';
import { freshDatabase } from './helpers.ts';

/** The operations this issue covers; everything else is sent (when a covered case depends on it) but not asserted. */
const COVERED = new Set(['genereerZaakIdentificatie', 'creeerZaak', 'updateZaak', 'actualiseerZaakstatus', 'geefZaakdetails', 'geefZaakstatus', 'zakLv01',
  'genereerDocumentIdentificatie', 'voegZaakdocumentToe', 'maakZaakdocument', 'geefZaakdocumentLezen', 'geefLijstZaakdocumenten',
  'geefZaakdocumentbewerken', 'updateZaakdocument', 'cancelCheckout', 'ontkoppelZaakdocument',
  'genereerBesluitIdentificatie', 'voegBesluitToe', 'updateBesluit', 'geefBesluitdetails', 'geefBesluitDetails', 'geefLijstBesluiten', 'overdragenZaak']);
const covered = (op: string | null) => !!op && COVERED.has(op);

const results: CaseResult[] = [];

const manifest = loadManifest();
const runs = plan(manifest, covered);
const CONFIG_FILE = path.join(projectRoot, 'fixtures/conformance/gateway-config.json');

function describeRun(run: Run) {
  describe(run.name, () => {
    let srv: RunningServer;
    let db: Awaited<ReturnType<typeof freshDatabase>>;
    let replay: RunReplay;

    before(async () => {
      db = await freshDatabase();
      const config = loadConfig({ STUF_CONFIG: CONFIG_FILE, DATABASE_URL: db.url, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
        ...(process.env.STUF_OUD_CHECK ? { STUF_OUD_CHECK: process.env.STUF_OUD_CHECK } : {}) } as NodeJS.ProcessEnv);
      assert.equal(config.catalogue, 'learn');
      srv = await startServer(config);
      replay = new RunReplay(manifest, run, srv.url, { validators: srv.gateway.validators, covered });
      // preconditions.state: zaken no corpus message creates (table in src/conformance/setup.ts); throws unless each gets a Bv03
      await replay.setup();
    });
    after(async () => {
      await srv?.close();
      await db?.drop();
    });

    for (const f of run.requests) {
      const exception = EXCEPTIONS[f.id];
      const label = `${String(f.step).padStart(3, '0')} ${f.operation} ${f.expected?.kind ?? ''}${covered(f.operation) ? '' : ' (not covered: sent, not asserted)'}${exception ? ' (exception)' : ''}`;
      it(label, async () => {
        const r = await replay.send(f);
        results.push(r);
        if (r.outcome === 'failed') assert.fail(`${f.id}\n  expected: ${r.expected}\n  got: ${r.got}\n  - ${r.problems.join('\n  - ')}`);
      });
    }
  });
}

for (const run of runs) describeRun(run);

// The corpus' requests of scenarios without any covered operation: later issues.
for (const f of manifest.files) {
  if (f.role === 'request' && f.set === 'public' && !runs.some((r) => r.scenario.id === f.scenario)) {
    results.push({ run: f.scenario, id: f.id, key: tallyKey(f), outcome: 'not covered', expected: f.expected?.kind ?? '', got: '(not sent)', problems: [], unchecked: [], ms: 0 });
  }
}

after(() => {
  console.log(summary(results, EXCEPTIONS, { verbose: !!process.env.CONFORMANCE_VERBOSE }));
});

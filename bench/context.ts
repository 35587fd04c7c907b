// What every part of a bench run shares: the run id, the temp folder, the gateways' catalogue and environment.
import type { suitesCreeerZaak } from './messages.ts';

export interface RunContext {
  runId: string;
  tmp: string;
  catalogueFile: string;
  suites: ReturnType<typeof suitesCreeerZaak>;
  /** the environment of every child process */
  env: NodeJS.ProcessEnv;
  /** with BENCH_PROFILE=1: where a gateway writes its CPU profile */
  profileDir(name: string): string | undefined;
}

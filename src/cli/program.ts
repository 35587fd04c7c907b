// What every subcommand shares: one exit-code convention, errors turned into it, and running a subcommand module
// on its own (`node --import tsx src/cli/outbox.ts list`), as the npm scripts and older tests did.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';

/** 0 done; 1 the command ran and found a failure (a fault, a failed case, nothing to retry) or an error; 2 usage or transport. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  done (send: a non-fault answer; conformance: nothing failed)
  1  failed: a SOAP fault (send), a failed case (conformance), nothing matched (outbox retry), or an error
  2  usage error, or no answer from the server (transport)`;

/** A mistake in the command line: exit 2 with the message and a pointer to --help. */
export class UsageError extends Error {}

/** Number of the action: exit with it; undefined: keep running (serve). */
type Action<A extends unknown[]> = (...args: A) => Promise<number | undefined>;

/** Wraps a subcommand's action: its result becomes the exit code, a UsageError exit 2, any other error exit 1. */
export function action<A extends unknown[]>(name: string, fn: Action<A>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    let code: number | undefined;
    try {
      code = await fn(...args);
    } catch (e) {
      if (e instanceof UsageError) {
        console.error(`${name}: ${e.message} (see ${name} --help)`);
        code = EXIT.usage;
      } else {
        console.error(`${name}: ${(e as Error).message}`);
        code = EXIT.failed;
      }
    }
    if (code !== undefined) process.exit(code);
  };
}

/** Commander's own errors (unknown option, missing argument) are usage errors; --help and --version exit 0. */
function overrideExits(c: Command): void {
  c.exitOverride();
  for (const sub of c.commands) overrideExits(sub);
}

export async function run(program: Command, argv: string[]): Promise<void> {
  overrideExits(program);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    process.exit(e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.usage);
  }
}

/** Runs `build()` as the whole program when this module is the process's entry point. */
export function runIfMain(moduleUrl: string, build: () => Command): void {
  if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(moduleUrl)) void run(build(), process.argv.slice(2));
}

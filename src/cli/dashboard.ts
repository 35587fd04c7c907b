// `stuf-gateway dashboard wachtwoord` (npm run -s dashboard -- wachtwoord): the scrypt hash of a password for
// `dashboard.users[NAME].password`. The password is read from standard input (typed without echo on a terminal),
// never from the command line, where `ps` and the shell history would keep it.
import { Command } from 'commander';
import { hashWachtwoord } from '../dashboard/gebruikers.ts';
import { action, EXIT, runIfMain } from './program.ts';

/** One line from a terminal, not echoed. */
function vraag(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    process.stderr.write(prompt);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.resume();
    let tekst = '';
    const op = (b: Buffer) => {
      for (const c of b.toString('utf8')) {
        if (c === '\r' || c === '\n') {
          stdin.off('data', op);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          return resolve(tekst);
        }
        if (c === '\u0003') return reject(new Error('afgebroken'));
        tekst = c === '\u007f' ? tekst.slice(0, -1) : tekst + c;
      }
    };
    stdin.on('data', op);
  });
}

async function invoer(): Promise<string> {
  if (process.stdin.isTTY) {
    const een = await vraag('Wachtwoord: ');
    if (een !== (await vraag('Nog eens: '))) throw new Error('de wachtwoorden verschillen');
    return een;
  }
  const delen: Buffer[] = [];
  for await (const d of process.stdin) delen.push(d as Buffer);
  return Buffer.concat(delen).toString('utf8').replace(/\r?\n$/, '');
}

export function dashboardCommand(): Command {
  const dashboard = new Command('dashboard').description('regie dashboard users');
  dashboard.command('wachtwoord')
    .description('print the scrypt hash of a password read from standard input (typed twice, without echo, on a terminal)')
    .addHelpText('after', `\nExamples:\n  stuf-gateway dashboard wachtwoord\n  printf '%s' "$WACHTWOORD" | stuf-gateway dashboard wachtwoord`)
    .action(action('dashboard wachtwoord', async () => {
      const wachtwoord = await invoer();
      if (wachtwoord.length < 12) throw new Error('een wachtwoord heeft minstens 12 tekens');
      console.log(await hashWachtwoord(wachtwoord));
      return EXIT.ok;
    }));
  return dashboard;
}

runIfMain(import.meta.url, dashboardCommand);

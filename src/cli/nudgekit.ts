/**
 * The `nudgekit` command (package.json "bin"). One subcommand so far: `simulate`.
 * Built to dist/cli.mjs with a shebang; Node only.
 */
import { runSimulate, SIMULATE_USAGE } from './simulate-command';

const USAGE = `Usage: nudgekit <command> [options]

Commands:
  simulate   replay recorded events through rules and report who they reach

${SIMULATE_USAGE}`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'simulate') {
    const result = await runSimulate(rest);
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    return result.code;
  }
  if (command === undefined || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  process.stderr.write(`nudgekit: unknown command "${command}"\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`nudgekit: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

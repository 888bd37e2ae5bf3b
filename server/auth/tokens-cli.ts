import { parseCommandLine, runCommand, UsageError } from '../import/cli-support';
import { withCommandCredentials } from './credential-cli-support';
import { isTokenRole } from '../../shared/roles';

const USAGE = `Usage:
  npm run tokens -- create --role viewer|metrics --name NAME [--board B]
  npm run tokens -- list
  npm run tokens -- revoke NAME

create prints the token as the last line of its output (shown once: only its hash is kept).
A viewer token opens the live board (a TV: http://HOST/?token=TOKEN, or socket.io's auth {token});
--board limits it to one board. A metrics token reads /metrics (Prometheus' bearer_token).
revoke refuses the token at once on every server and closes its open sockets within seconds.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArguments();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [command, name] = positionals;
  if (command === 'create') {
    if (positionals.length !== 1) throw new UsageError('create takes --name NAME, not a positional name');
    if (values.name === undefined) throw new UsageError('create needs --name NAME');
    if (values.role === undefined || !isTokenRole(values.role)) throw new UsageError('create needs --role viewer or metrics');
  } else if (command === 'revoke') {
    if (name === undefined || positionals.length !== 2) throw new UsageError('revoke needs one NAME');
  } else if (command !== 'list') {
    throw new UsageError(`unknown command "${command ?? ''}"`);
  }

  await withCommandCredentials(async (open) => {
    if (command === 'list') {
      for (const token of await open.accounts.listTokens()) {
        console.log(`${token.name}\t${token.role}\t${token.board ?? '(every board)'}\t${new Date(token.createdAt).toISOString()}`);
      }
    } else if (command === 'revoke') {
      await open.accounts.revokeToken(open.actor, name!);
      console.log(`token ${name} revoked`);
    } else {
      const token = await open.accounts.createToken(open.actor, values.name!, values.role as 'viewer' | 'metrics', values.board ?? null);
      console.log(`token ${values.name} created (${values.role}${values.board ? `, board ${values.board}` : ''}); it is shown once:`);
      console.log(token);
    }
  });
}

function parseArguments() {
  return parseCommandLine({
    role: { type: 'string' },
    name: { type: 'string' },
    board: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
}

runCommand(main, USAGE);

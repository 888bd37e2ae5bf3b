import { parseCommandLine, runCommand, UsageError } from '../import/cli-support';
import { passwordFromStdin, withCommandCredentials } from './credential-cli-support';
import { isPersonRole } from '../../shared/roles';

const USAGE = `Usage:
  npm run users -- add NAME --role viewer|manager|admin [--password-stdin]
  npm run users -- list
  npm run users -- remove NAME
  npm run users -- passwd NAME [--password-stdin]

Without --password-stdin a password is generated and printed once. passwd also ends the user's
sessions and lifts a sign-in lockout. Works against the server's database (DATABASE_URL, or the
embedded Postgres under DATA_DIR, running or not); running servers apply the change at once.`;

async function main(): Promise<void> {
  const { values, positionals } = parseArguments();
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const [command, name] = positionals;
  const needsName = command === 'add' || command === 'remove' || command === 'passwd';
  if (command === undefined || !['add', 'list', 'remove', 'passwd'].includes(command)) throw new UsageError(`unknown command "${command ?? ''}"`);
  if (needsName !== (name !== undefined) || positionals.length > 2) throw new UsageError(needsName ? `${command} needs one NAME` : `${command} takes no NAME`);
  if (command === 'add' && (values.role === undefined || !isPersonRole(values.role))) throw new UsageError('add needs --role viewer, manager or admin');
  const given = values['password-stdin'] ? await passwordFromStdin() : undefined;

  await withCommandCredentials(async (open) => {
    if (command === 'list') {
      for (const user of await open.accounts.listUsers()) {
        console.log(`${user.name}\t${user.role}\t${user.source}\t${new Date(user.createdAt).toISOString()}`);
      }
    } else if (command === 'add') {
      const password = await open.accounts.addUser(open.actor, name!, values.role as 'viewer' | 'manager' | 'admin', given);
      console.log(`user ${name} added (${values.role})`);
      if (given === undefined) console.log(`password: ${password}`);
    } else if (command === 'remove') {
      await open.accounts.removeUser(open.actor, name!);
      console.log(`user ${name} removed; their sessions are ended`);
    } else {
      const password = await open.accounts.setPassword(open.actor, name!, given);
      console.log(`password of ${name} set; their sessions are ended`);
      if (given === undefined) console.log(`password: ${password}`);
    }
  });
}

function parseArguments() {
  return parseCommandLine({
    role: { type: 'string' },
    'password-stdin': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
}

runCommand(main, USAGE);

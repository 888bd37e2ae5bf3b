import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../../server/config/env-config';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

/** The backticked names in the first column of README.md's configuration table. */
function readmeVariables(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.slice(0, section.indexOf('\n\n', section.indexOf('| variable')));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((match) => match[1]!));
}

/** The app's environment in docker-compose.yml, `${NAME:-default}` resolved from `shell`. */
function composeEnvironment(shell: Record<string, string>): Record<string, string> {
  const compose = readFileSync('docker-compose.yml', 'utf8');
  const block = compose.slice(compose.indexOf('    environment:'), compose.indexOf('    depends_on:'));
  return Object.fromEntries(
    [...block.matchAll(/^ {6}([A-Z_]+): (.*)$/gm)].map(([, name, value]) => [
      name!,
      value!.replace(/^"|"$/g, '').replace(/\$\{(\w+):-([^}]*)\}/g, (_, variable: string, fallback: string) => shell[variable] ?? fallback),
    ]),
  );
}

describe('loadConfig', () => {
  it('starts the demo on embedded defaults from an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      redis: null,
      databaseUrl: null,
      site: 'main',
      timeZone: 'Europe/Moscow',
      logLevel: 'info',
      ami: null,
      simulator: true,
      ticketDesk: { slaPoliciesFile: 'config/sla-policies.json', slaTargetPct: 90 },
      shutdownTimeoutMs: 10_000,
    });
    expect(loadConfig({ SHUTDOWN_TIMEOUT_MS: '2500' }).shutdownTimeoutMs).toBe(2500);
    expect(problemsOf({ SHUTDOWN_TIMEOUT_MS: '50' })).toContain('SHUTDOWN_TIMEOUT_MS: expected a whole number 100..600000, got "50"');
  });

  it('takes a blank or whitespace-only value as unset, for every variable', () => {
    const blank = Object.fromEntries(CONFIG_VARIABLES.map((name) => [name.replace('<SOURCE>', 'DESK'), ' ']));
    expect(loadConfig({ ...blank, AMI_HOST: '' })).toEqual(loadConfig({}));
  });

  it('names the variable and quotes the value it got', () => {
    expect(problemsOf({ PORT: 'abc' })).toBe('invalid configuration:\n  PORT: expected a whole number 0..65535, got "abc"');
    const all = problemsOf({ PORT: '70000', SITE_TZ: 'Mars/Olympus', TICKET_SLA_TARGET_PCT: '101', SIMULATOR: 'maybe', LOG_LEVEL: 'loud' });
    expect(all).toContain('PORT: expected a whole number 0..65535, got "70000"');
    expect(all).toMatch(/SITE_TZ: .*, got "Mars\/Olympus"/);
    expect(all).toContain('TICKET_SLA_TARGET_PCT: expected a number 0..100, got "101"');
    expect(all).toMatch(/SIMULATOR: expected on or off .*, got "maybe"/);
    expect(all).toContain('LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"');
  });

  it('keeps passwords and secrets out of the message', () => {
    expect(problemsOf({ DATABASE_URL: 'mysql://wallboard:hunter2@db/wallboard' })).toBe(
      'invalid configuration:\n  DATABASE_URL: expected a postgres:// or postgresql:// URL, got "mysql://wallboard:***@db/wallboard"',
    );
    expect(problemsOf({ JIRA_WEBHOOK_SECRET: 'hunter2' })).not.toContain('hunter2');
  });

  it('reads the ticket desk settings', () => {
    expect(loadConfig({ SLA_POLICIES_FILE: 'my-policies.json', TICKET_SLA_TARGET_PCT: '85.5' }).ticketDesk).toMatchObject({
      slaPoliciesFile: 'my-policies.json',
      slaTargetPct: 85.5,
    });
  });

  it('reads a real PBX and turns the simulator off, refusing both at once', () => {
    const config = loadConfig({ AMI_HOST: 'pbx', AMI_USERNAME: 'wallboard', AMI_SECRET: 's' });
    expect(config.ami).toEqual({ host: 'pbx', port: 5038, username: 'wallboard', secret: 's' });
    expect(config.simulator).toBe(false);
    expect(problemsOf({ AMI_HOST: 'pbx' })).toContain('AMI_USERNAME and AMI_SECRET are needed too');
    expect(problemsOf({ AMI_HOST: 'pbx', AMI_USERNAME: 'w', AMI_SECRET: 's', SIMULATOR: 'on' })).toContain('pick one');
  });

  it('lets a command-line default stand in for an unset variable only', () => {
    expect(loadConfig({}, { LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: ' ' }, { LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'debug' }, { LOG_LEVEL: 'warn' }).logLevel).toBe('debug');
  });

  it("accepts docker-compose.yml's environment: the demo by default, the PBX when AMI_* are given", () => {
    expect(loadConfig(composeEnvironment({})).simulator).toBe(true);
    const pbx = loadConfig(composeEnvironment({ AMI_HOST: 'pbx', AMI_USERNAME: 'wallboard', AMI_SECRET: 's' }));
    expect(pbx.simulator).toBe(false);
    expect(pbx.ami?.host).toBe('pbx');
  });

  it('documents exactly the variables it reads in README.md', () => {
    expect(readmeVariables().sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});

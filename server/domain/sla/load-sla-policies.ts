import { readFileSync } from 'node:fs';
import { parseSlaPolicies, type SlaPolicies } from './sla-policy';

/**
 * Reads and validates the policy file at startup. The one file of the SLA engine
 * that touches the disk: everything else here is pure.
 */
export function loadSlaPolicies(path: string): SlaPolicies {
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`SLA policies ${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseSlaPolicies(json, path);
}

import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Per-queue board settings that the PBX does not tell us over AMI: display
 * name, SL target, colour thresholds and wrap-up time (queues.conf
 * `wrapuptime` is not in any AMI event or QueueStatus reply).
 */
const queueSettingSchema = z.object({
  name: z.string().min(1).max(80).optional(),
  /** overrides the queue's ServiceLevel from QueueParams */
  slThresholdSec: z.number().int().positive().max(3600).optional(),
  slTargetPct: z.number().min(0).max(100).optional(),
  slRedMarginPct: z.number().min(0).max(100).optional(),
  waitRedFactor: z.number().min(1).max(100).optional(),
  wrapupSec: z.number().int().min(0).max(3600).optional(),
});

export const queueSettingsFileSchema = z.object({
  defaults: z
    .object({
      slThresholdSec: z.number().int().positive().max(3600).default(20),
      slTargetPct: z.number().min(0).max(100).default(80),
      slRedMarginPct: z.number().min(0).max(100).default(10),
      waitRedFactor: z.number().min(1).max(100).default(3),
      wrapupSec: z.number().int().min(0).max(3600).default(0),
    })
    .prefault({}),
  queues: z.record(z.string().min(1).max(80), queueSettingSchema).default({}),
});
export type QueueSettingsFile = z.infer<typeof queueSettingsFileSchema>;

export interface QueueSettings {
  id: string;
  name: string;
  /** null: take the PBX's ServiceLevel, else the default */
  slThresholdSec: number | null;
  slTargetPct: number;
  slRedMarginPct: number;
  waitRedFactor: number;
  wrapupSec: number;
}

export class QueueSettingsBook {
  constructor(private readonly file: QueueSettingsFile) {}

  static parse(input: unknown): QueueSettingsBook {
    return new QueueSettingsBook(queueSettingsFileSchema.parse(input));
  }

  static load(path: string): QueueSettingsBook {
    const text = readFileSync(path, 'utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new Error(`queue settings ${path}: not JSON (${(error as Error).message})`);
    }
    const parsed = queueSettingsFileSchema.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
      throw new Error(`queue settings ${path}: ${problems.join('; ')}`);
    }
    return new QueueSettingsBook(parsed.data);
  }

  /** configured queue ids in file order: the board shows them first, in this order */
  get configuredIds(): string[] {
    return Object.keys(this.file.queues);
  }

  of(queueId: string): QueueSettings {
    const own = this.file.queues[queueId] ?? {};
    const d = this.file.defaults;
    return {
      id: queueId,
      name: own.name ?? queueId,
      slThresholdSec: own.slThresholdSec ?? null,
      slTargetPct: own.slTargetPct ?? d.slTargetPct,
      slRedMarginPct: own.slRedMarginPct ?? d.slRedMarginPct,
      waitRedFactor: own.waitRedFactor ?? d.waitRedFactor,
      wrapupSec: own.wrapupSec ?? d.wrapupSec,
    };
  }

  /** The threshold in force: configured, else the PBX's ServiceLevel, else the default (20 s). */
  slThresholdSec(queueId: string, pbxServiceLevelSec: number): number {
    const own = this.file.queues[queueId]?.slThresholdSec;
    if (own !== undefined) return own;
    return pbxServiceLevelSec > 0 ? pbxServiceLevelSec : this.file.defaults.slThresholdSec;
  }
}

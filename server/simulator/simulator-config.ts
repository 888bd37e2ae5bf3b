import { z } from 'zod';
import { isValidTimeZone } from '../../shared/site-time';
import { defaultIntradayProfile, SLOTS_PER_DAY } from './intraday-profile';

/**
 * What the simulated call center looks like. Names follow queues.conf where a
 * setting exists there (`wrapuptime`, `servicelevel`, `timeout`, `retry`,
 * `strategy`, `leavewhenempty`), so a reader can map the model to a real PBX.
 */

const queueSchema = z.object({
  /** the queue name Asterisk reports in `Queue:` */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'queue name: letters, digits, _ or -, at most 40'),
  /** the dialplan extension that runs Queue() for it (Exten of the caller's channel) */
  extension: z.string().regex(/^\d{2,10}$/, 'extension: 2 to 10 digits'),
  /** queues.conf `servicelevel`: the SL threshold in seconds */
  serviceLevelSec: z.number().int().positive().max(3600).default(20),
  /** queues.conf `wrapuptime`: seconds after a call before the agent is offered another (from any queue) */
  wrapupSec: z.number().int().min(0).max(3600),
  /** the Queue() application's timeout: the caller leaves with QUEUESTATUS=TIMEOUT after this wait */
  maxWaitSec: z.number().int().positive().max(86_400),
  /** queues.conf `timeout`: how long one agent rings before the queue gives up on them */
  ringTimeoutSec: z.number().int().min(2).max(300).default(15),
  /** queues.conf `retry`: pause before a caller is offered again after nobody answered */
  retrySec: z.number().int().min(1).max(300).default(5),
  strategy: z.enum(['rrmemory', 'leastrecent']).default('rrmemory'),
  /** queues.conf `leavewhenempty=strict`: callers exit (QUEUESTATUS=LEAVEEMPTY) when no member can take calls */
  leaveWhenEmpty: z.boolean().default(false),
  /** arrivals per hour in the busiest slot of the profile, before `scale` */
  peakCallsPerHour: z.number().min(0).max(100_000),
  /** lognormal talk time */
  talkSec: z.object({ median: z.number().positive().max(36_000), sigma: z.number().min(0).max(3) }),
  /** mean of the caller's exponential patience: callers waiting longer hang up (abandon) */
  patienceMeanSec: z.number().positive().max(86_400),
});

const agentSchema = z.object({
  /** the queue-member interface, which is how every queue event names the agent */
  interface: z.string().regex(/^[A-Za-z]+\/[A-Za-z0-9_.@-]{1,60}$/, 'interface like PJSIP/1001'),
  name: z.string().min(1).max(80),
  queues: z.array(z.string()).min(1),
  loggedIn: z.boolean().default(true),
  /** paused at the start with this reason (null = not paused) */
  pausedReason: z.string().min(1).max(80).nullable().default(null),
});

const pauseReasonSchema = z.object({
  reason: z.string().min(1).max(80),
  weight: z.number().positive(),
  minSec: z.number().int().positive(),
  maxSec: z.number().int().positive(),
});

const behaviourSchema = z.object({
  /** per logged-in agent */
  pausesPerHour: z.number().min(0).max(60).default(0.35),
  pauseReasons: z
    .array(pauseReasonSchema)
    .min(1)
    .default([
      { reason: 'Break', weight: 5, minSec: 300, maxSec: 900 },
      { reason: 'Lunch', weight: 2, minSec: 1800, maxSec: 2700 },
      { reason: 'Training', weight: 1, minSec: 1200, maxSec: 3600 },
      { reason: 'Meeting', weight: 1, minSec: 900, maxSec: 2700 },
    ]),
  /** per agent: log out of all queues (QueueMemberRemoved), back after minSec..maxSec */
  logoutsPerDay: z.number().min(0).max(100).default(1.5),
  logoutMinSec: z.number().int().positive().default(600),
  logoutMaxSec: z.number().int().positive().default(2400),
  /** per agent: the phone drops off (device state 5, unavailable) while logged in; 0 = never */
  deviceOfflinePerDay: z.number().min(0).max(100).default(0),
  deviceOfflineMinSec: z.number().int().positive().default(30),
  deviceOfflineMaxSec: z.number().int().positive().default(300),
  /** per log-out: the agent leaves for good and a newcomer (a new interface, the same queues) takes the place */
  leaveForGood: z.number().min(0).max(1).default(0),
  /** a caller who abandoned and calls again does so after minSec..maxSec */
  callAgainMinSec: z.number().int().positive().default(60),
  callAgainMaxSec: z.number().int().positive().default(1800),
});

const probabilitySchema = z.number().min(0).max(1);

const chancesSchema = z.object({
  /** an agent rings for the queue's ringTimeoutSec and does not answer (AgentRingNoAnswer) */
  ringNoAnswer: probabilitySchema.default(0.07),
  /** the agent blind-transfers the caller into another queue (AgentComplete Reason: transfer) */
  transfer: probabilitySchema.default(0.03),
  /** the agent answers and hangs up before the bridge (AgentDump) */
  agentDump: probabilitySchema.default(0.002),
  /** the agent, not the caller, ends the conversation */
  agentHangsUp: probabilitySchema.default(0.35),
  /** when the caller hung up: AgentComplete without the caller's channel fields */
  completeWithoutCaller: probabilitySchema.default(0.5),
  /** when the caller hung up: AgentComplete without the agent's Dest* fields */
  completeWithoutDest: probabilitySchema.default(0.2),
  /** an AgentComplete frame is lost on the wire (the ledger still has the call's real end) */
  lostAgentComplete: probabilitySchema.default(0),
  /** a Hangup frame is lost on the wire */
  lostHangup: probabilitySchema.default(0),
  /** a new caller's number is withheld (the PBX reports `anonymous`) */
  withheldNumber: probabilitySchema.default(0.04),
  /** a caller who hung up waiting calls again later, from the same number */
  callAgain: probabilitySchema.default(0.35),
  /** of those, into another queue of the site */
  callAgainElsewhere: probabilitySchema.default(0.2),
  /** a call again presents the number in international form (+7...), as another trunk would */
  callAgainPlusForm: probabilitySchema.default(0.3),
});

export const simulatorConfigSchema = z
  .object({
    seed: z.number().int().default(20_250_101),
    timeZone: z
      .string()
      .default('Europe/Moscow')
      .refine(isValidTimeZone, 'unknown IANA time zone'),
    /** multiplies every queue's arrival rate */
    scale: z.number().min(0).max(1000).default(1),
    /** abandons after a HoldTime below this are also counted as short abandons */
    shortAbandonSec: z.number().int().min(0).max(600).default(5),
    /** relative load per local 15-minute slot (96 weights; the busiest slot should be 1) */
    intradayProfile: z
      .array(z.number().min(0).max(100))
      .length(SLOTS_PER_DAY)
      .default(defaultIntradayProfile),
    chances: chancesSchema.prefault({}),
    behaviour: behaviourSchema.prefault({}),
    queues: z.array(queueSchema).min(1).max(200),
    agents: z.array(agentSchema).min(1).max(5000),
  })
  .superRefine((config, ctx) => {
    const queueNames = new Set<string>();
    config.queues.forEach((queue, index) => {
      if (queueNames.has(queue.name)) {
        ctx.addIssue({ code: 'custom', path: ['queues', index, 'name'], message: `duplicate queue ${queue.name}` });
      }
      queueNames.add(queue.name);
    });
    const interfaces = new Set<string>();
    config.agents.forEach((agent, index) => {
      if (interfaces.has(agent.interface)) {
        ctx.addIssue({ code: 'custom', path: ['agents', index, 'interface'], message: `duplicate ${agent.interface}` });
      }
      interfaces.add(agent.interface);
      agent.queues.forEach((queue, q) => {
        if (!queueNames.has(queue)) {
          ctx.addIssue({ code: 'custom', path: ['agents', index, 'queues', q], message: `unknown queue ${queue}` });
        }
      });
    });
    const behaviour = config.behaviour;
    if (behaviour.logoutMinSec > behaviour.logoutMaxSec) {
      ctx.addIssue({ code: 'custom', path: ['behaviour', 'logoutMinSec'], message: 'logoutMinSec > logoutMaxSec' });
    }
    if (behaviour.callAgainMinSec > behaviour.callAgainMaxSec) {
      ctx.addIssue({ code: 'custom', path: ['behaviour', 'callAgainMinSec'], message: 'callAgainMinSec > callAgainMaxSec' });
    }
    if (behaviour.deviceOfflineMinSec > behaviour.deviceOfflineMaxSec) {
      ctx.addIssue({ code: 'custom', path: ['behaviour', 'deviceOfflineMinSec'], message: 'min > max' });
    }
    behaviour.pauseReasons.forEach((reason, index) => {
      if (reason.minSec > reason.maxSec) {
        ctx.addIssue({ code: 'custom', path: ['behaviour', 'pauseReasons', index], message: 'minSec > maxSec' });
      }
    });
  });

export type SimulatorConfigInput = z.input<typeof simulatorConfigSchema>;
export type SimulatorConfig = z.output<typeof simulatorConfigSchema>;
export type QueueConfig = SimulatorConfig['queues'][number];
export type AgentConfig = SimulatorConfig['agents'][number];

/** Validates a config; the error lists every problem with its path. */
export function parseSimulatorConfig(input: unknown): SimulatorConfig {
  const result = simulatorConfigSchema.safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`invalid simulator config: ${problems.join('; ')}`);
  }
  return result.data;
}

const AGENT_NAMES = [
  'Anna Petrova',
  'Ivan Sokolov',
  'Maria Ivanova',
  'Dmitry Orlov',
  'Elena Smirnova',
  'Sergey Volkov',
  'Olga Kuznetsova',
  'Pavel Lebedev',
  'Natalia Popova',
  'Alexey Morozov',
  'Irina Novikova',
  'Mikhail Fedorov',
  'Tatiana Egorova',
  'Andrey Pavlov',
  'Yulia Kozlova',
  'Nikolai Stepanov',
  'Svetlana Nikolaeva',
  'Roman Zakharov',
  'Ekaterina Belova',
  'Artem Romanov',
] as const;

/** Queues each demo agent belongs to, by position: most in one queue, several in two, one in all three. */
const DEMO_SKILLS: readonly (readonly string[])[] = [
  ['sales'],
  ['sales'],
  ['sales'],
  ['sales'],
  ['sales'],
  ['support'],
  ['support'],
  ['support'],
  ['support'],
  ['support'],
  ['support'],
  ['billing'],
  ['billing'],
  ['billing'],
  ['sales', 'billing'],
  ['sales', 'billing'],
  ['support', 'billing'],
  ['support', 'billing'],
  ['sales', 'support'],
  ['sales', 'support', 'billing'],
];

/** The demo site: three queues with their own SL, wrap-up and patience, twenty agents. */
export const DEMO_CONFIG: SimulatorConfigInput = {
  queues: [
    {
      name: 'sales',
      extension: '5001',
      serviceLevelSec: 20,
      wrapupSec: 10,
      maxWaitSec: 180,
      ringTimeoutSec: 15,
      strategy: 'rrmemory',
      peakCallsPerHour: 60,
      talkSec: { median: 150, sigma: 0.6 },
      patienceMeanSec: 120,
    },
    {
      name: 'support',
      extension: '5002',
      serviceLevelSec: 20,
      wrapupSec: 30,
      maxWaitSec: 600,
      ringTimeoutSec: 20,
      strategy: 'leastrecent',
      peakCallsPerHour: 70,
      talkSec: { median: 270, sigma: 0.7 },
      patienceMeanSec: 180,
    },
    {
      name: 'billing',
      extension: '5003',
      serviceLevelSec: 30,
      wrapupSec: 20,
      maxWaitSec: 120,
      ringTimeoutSec: 15,
      strategy: 'rrmemory',
      leaveWhenEmpty: true,
      peakCallsPerHour: 35,
      talkSec: { median: 210, sigma: 0.5 },
      patienceMeanSec: 100,
    },
  ],
  agents: AGENT_NAMES.map((name, index) => ({
    interface: `PJSIP/${1001 + index}`,
    name,
    queues: [...DEMO_SKILLS[index]!],
    ...(index === 4 ? { pausedReason: 'Lunch' } : {}),
    ...(index === 13 ? { loggedIn: false } : {}),
  })),
};

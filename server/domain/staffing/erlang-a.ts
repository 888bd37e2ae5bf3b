import {
  arrivalRatePerSec,
  requireAgentCount,
  requirePositive,
  requireServiceTarget,
  type ServiceTarget,
  type TrafficInput,
} from './staffing';

/**
 * Erlang A (M/M/N+M, Palm's model): Erlang C plus callers who hang up when
 * their patience, exponential with mean patienceSec, runs out before an agent
 * answers. Where many callers give up, Erlang C overstates the wait and the
 * agents needed; Erlang A also says how many callers will abandon.
 *
 * Method: the number of callers in the system is a birth-death chain (births
 * at rate lambda; deaths at min(n, N)*mu + max(0, n - N)*theta), solved exactly
 * over states 0..N+K with K where the probabilities become negligible. The
 * weights are accumulated as logarithms and normalized against their maximum,
 * so nothing overflows for traffic in the thousands.
 *
 * A caller who finds j others waiting (FCFS) moves up at rate r_i = N*mu + i*theta
 * (a service or an abandon ahead) and gives up at rate theta, so it is answered
 * with probability q_j = prod_{i<=j} r_i / (r_i + theta), and the time it spends
 * in each position is exponential with rate r_i + theta whatever ends it. That
 * time is a sum of exponentials with rates N*mu + k*theta, k = 1..j+1, and
 * e^(-theta*S) of such a sum is Beta(N*mu/theta + 1, j+1) distributed; hence
 * P(S <= T) = P(X >= j+1) for X negative binomial with r = N*mu/theta + 1 and
 * success probability e^(-theta*T): a sum of positive terms, stable for any j.
 */

export type ErlangAInput = TrafficInput & { agents: number; patienceSec: number };

export interface ErlangAResult {
  trafficErlangs: number;
  agents: number;
  patienceSec: number;
  /** probability that a caller finds every agent busy */
  pWait: number;
  /** probability that a caller hangs up before being answered */
  pAbandon: number;
  /**
   * Share of all offered callers answered within thresholdSec: abandoned callers
   * count as not answered (answered within T / (answered + abandoned)).
   */
  serviceLevel(thresholdSec: number): number;
  /** mean wait of the answered callers, in seconds (the ASA of the metric definitions) */
  asaSec: number;
  /** share of agent time spent on calls: the answered traffic over the agents */
  occupancy: number;
}

/** Beyond this many chain states the input is not a call center (e.g. overload with near-infinite patience). */
const MAX_STATES = 5_000_000;
/** States whose weight is below e^-46 (about 1e-20) of the largest no longer change a result. */
const NEGLIGIBLE_LOG_WEIGHT = 46;

export function erlangA(input: ErlangAInput): ErlangAResult {
  requireAgentCount(input.agents);
  requirePositive('ahtSec', input.ahtSec);
  requirePositive('patienceSec', input.patienceSec);
  const lambda = arrivalRatePerSec(input);
  const mu = 1 / input.ahtSec;
  const theta = 1 / input.patienceSec;
  const n = input.agents;
  const traffic = lambda * input.ahtSec;
  const base = { trafficErlangs: traffic, agents: n, patienceSec: input.patienceSec };
  if (lambda === 0) {
    return { ...base, pWait: 0, pAbandon: 0, serviceLevel: () => 1, asaSec: 0, occupancy: 0 };
  }

  const p = stationaryDistribution(lambda, mu, theta, n);
  let pNoWait = 0;
  for (let i = 0; i < n; i++) pNoWait += p[i]!;
  // For the caller who finds j waiting: answered probability q[j], and the
  // expected wait of the answered part, q[j] * sum of 1 / (r_i + theta).
  const waitingStates = p.length - n;
  const q = new Float64Array(waitingStates);
  let pWait = 0;
  let pAnsweredAfterWait = 0;
  let answeredWaitSum = 0;
  let answered = 1;
  let meanSojourn = 0;
  for (let j = 0; j < waitingStates; j++) {
    const moveUp = n * mu + j * theta;
    answered *= moveUp / (moveUp + theta);
    meanSojourn += 1 / (moveUp + theta);
    q[j] = answered;
    const share = p[n + j]!;
    pWait += share;
    pAnsweredAfterWait += share * answered;
    answeredWaitSum += share * answered * meanSojourn;
  }
  const pAnswered = pNoWait + pAnsweredAfterWait;

  return {
    ...base,
    // The clamps only absorb rounding of sums that are exact probabilities.
    pWait: Math.min(1, pWait),
    pAbandon: Math.min(1, Math.max(0, pWait - pAnsweredAfterWait)),
    serviceLevel(thresholdSec: number): number {
      const withinT = answeredWithin(thresholdSec, n * mu, theta, p.subarray(n), q);
      return Math.min(1, pNoWait + withinT);
    },
    asaSec: pAnswered > 0 ? answeredWaitSum / pAnswered : Number.POSITIVE_INFINITY,
    occupancy: n === 0 ? 1 : Math.min(1, (traffic * pAnswered) / n),
  };
}

/**
 * The fewest agents meeting the service level, the occupancy cap and, when
 * given, a ceiling on the abandon rate. Unlike Erlang C, fewer agents than the
 * traffic can be a stable answer: impatient callers leave.
 */
export function requiredAgentsErlangA(
  input: TrafficInput & ServiceTarget & { patienceSec: number; maxAbandonPct?: number },
): ErlangAResult {
  requireServiceTarget(input);
  const { maxAbandonPct } = input;
  if (maxAbandonPct !== undefined && !(maxAbandonPct > 0 && maxAbandonPct <= 100)) {
    throw new RangeError(`maxAbandonPct must be in (0, 100], got ${maxAbandonPct}`);
  }
  const evaluate = (agents: number) => erlangA({ ...input, agents });
  const meets = (r: ErlangAResult) =>
    r.serviceLevel(input.slThresholdSec) >= input.slTargetPct / 100 &&
    r.occupancy <= (input.maxOccupancy ?? 1) &&
    (maxAbandonPct === undefined || r.pAbandon <= maxAbandonPct / 100);

  let best = evaluate(0);
  if (meets(best)) return best;
  // Each criterion improves with every added agent: double until met, then bisect.
  let failing = 0;
  let passing = 1;
  for (best = evaluate(passing); !meets(best); best = evaluate(passing)) {
    failing = passing;
    passing *= 2;
  }
  while (passing - failing > 1) {
    const middle = Math.floor((failing + passing) / 2);
    const candidate = evaluate(middle);
    if (meets(candidate)) {
      passing = middle;
      best = candidate;
    } else {
      failing = middle;
    }
  }
  return best;
}

/**
 * Mean patience (seconds) from history, for exponential patience: the maximum
 * likelihood estimate is the total time all callers spent waiting (answered
 * callers too: they were still patient when answered, a censored observation)
 * divided by the number who abandoned. Null when nobody abandoned: the data
 * then bound patience from below only.
 */
export function estimatePatienceSec(abandoned: number, totalWaitSecOfAllCallers: number): number | null {
  if (!(Number.isInteger(abandoned) && abandoned >= 0)) {
    throw new RangeError(`abandoned must be a non-negative integer, got ${abandoned}`);
  }
  if (!(totalWaitSecOfAllCallers >= 0 && Number.isFinite(totalWaitSecOfAllCallers))) {
    throw new RangeError(`totalWaitSecOfAllCallers must be a non-negative number, got ${totalWaitSecOfAllCallers}`);
  }
  return abandoned === 0 ? null : totalWaitSecOfAllCallers / abandoned;
}

/** Probabilities of 0, 1, 2 ... callers in the system, truncated where negligible. */
function stationaryDistribution(lambda: number, mu: number, theta: number, agents: number): Float64Array {
  const logWeights: number[] = [0];
  let maxLog = 0;
  for (let k = 1; ; k++) {
    if (k > MAX_STATES) {
      throw new RangeError('Erlang A: the queue does not settle within 5 million callers; patience is too long for this load');
    }
    const death = Math.min(k, agents) * mu + Math.max(0, k - agents) * theta;
    const logWeight = logWeights[k - 1]! + Math.log(lambda / death);
    logWeights.push(logWeight);
    if (logWeight > maxLog) maxLog = logWeight;
    // Past the peak the weights only fall (death rates grow with k), ever faster.
    if (k > agents && logWeight < logWeights[k - 1]! && logWeight < maxLog - NEGLIGIBLE_LOG_WEIGHT) break;
  }
  const p = new Float64Array(logWeights.length);
  let total = 0;
  for (let k = 0; k < p.length; k++) {
    p[k] = Math.exp(logWeights[k]! - maxLog);
    total += p[k]!;
  }
  for (let k = 0; k < p.length; k++) p[k] = p[k]! / total;
  return p;
}

/**
 * P(answered within T) summed over the callers who find j = 0, 1, ... waiting:
 * share[j] * q[j] * P(X > j), X negative binomial (see the module comment).
 */
function answeredWithin(
  thresholdSec: number,
  serviceRate: number,
  theta: number,
  share: Float64Array,
  q: Float64Array,
): number {
  if (thresholdSec <= 0) return 0;
  const tails = negativeBinomialUpperTails(share.length, serviceRate / theta + 1, -theta * thresholdSec);
  let sum = 0;
  for (let j = 0; j < share.length; j++) sum += share[j]! * q[j]! * tails[j]!;
  return sum;
}

/**
 * P(X > j) for j < count, X negative binomial: r successes wanted, success
 * probability e^logSuccess, X the failures before them. The terms come from the
 * ratio t(i+1) / t(i) = (r + i) / (i + 1) * (1 - p), in log space so that no
 * term underflows on the way to the bulk. Below the median 1 - cdf is accurate;
 * past it that difference would be rounding noise, so the tail is summed itself.
 */
function negativeBinomialUpperTails(count: number, r: number, logSuccess: number): Float64Array {
  const logFailure = Math.log(-Math.expm1(logSuccess));
  const logRatio = (i: number) => Math.log((r + i) / (i + 1)) + logFailure;
  const tails = new Float64Array(count);
  let logTerm = r * logSuccess;
  let cdf = 0;
  let j = 0;
  for (; j < count; j++) {
    cdf += Math.exp(logTerm);
    logTerm += logRatio(j);
    if (cdf >= 0.5) break;
    tails[j] = 1 - cdf;
  }
  if (j >= count) return tails;
  // logTerm is now the log of term j + 1: collect terms until they are negligible and falling.
  const terms: number[] = [];
  let largest = 0;
  for (let i = j + 1; ; i++) {
    const term = Math.exp(logTerm);
    terms.push(term);
    largest = Math.max(largest, term);
    const next = logTerm + logRatio(i);
    if (i >= count && next < logTerm && term < largest * 1e-20) break;
    logTerm = next;
  }
  let tail = 0;
  for (let k = terms.length - 1; k >= 0; k--) {
    const i = j + 1 + k;
    if (i <= count) tails[i - 1] = tail + terms[k]!;
    tail += terms[k]!;
  }
  return tails;
}

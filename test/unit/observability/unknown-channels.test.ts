import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../../server/observability/metrics';
import { MAX_UNKNOWN_CHANNEL_NAMES, UnknownChannels } from '../../../server/observability/unknown-channels';

async function counts(metrics: ReturnType<typeof createMetrics>) {
  const { values } = await metrics.webhookUnknownChannels.get();
  return new Map(values.map((v) => [`${v.labels.source}/${v.labels.channel}`, v.value]));
}

describe('unknown channel names', () => {
  it('reports none until a name comes, then counts and lists each by source', async () => {
    const metrics = createMetrics();
    const unknown = new UnknownChannels(metrics.webhookUnknownChannels);
    expect(unknown.health()).toEqual({ ok: true, detail: 'none' });
    unknown.record('zendesk', 'carrier_pigeon');
    unknown.record('zendesk', 'carrier_pigeon');
    unknown.record('jira', 'Fax');
    expect(await counts(metrics)).toEqual(new Map([['zendesk/carrier_pigeon', 2], ['jira/Fax', 1]]));
    expect(unknown.health()).toEqual({ ok: true, detail: expect.stringMatching(/zendesk: carrier_pigeon; jira: Fax$/) });
  });

  it(`keeps at most ${MAX_UNKNOWN_CHANNEL_NAMES} names as label values, and counts the rest as other`, async () => {
    const metrics = createMetrics();
    const unknown = new UnknownChannels(metrics.webhookUnknownChannels);
    for (let i = 0; i < MAX_UNKNOWN_CHANNEL_NAMES + 30; i += 1) unknown.record('zendesk', `name-${i}`);
    unknown.record('zendesk', 'name-0');
    const counted = await counts(metrics);
    expect(counted.size).toBe(MAX_UNKNOWN_CHANNEL_NAMES + 1);
    expect(counted.get('zendesk/other')).toBe(30);
    expect(counted.get('zendesk/name-0')).toBe(2);
    expect(unknown.health().detail).not.toContain(`name-${MAX_UNKNOWN_CHANNEL_NAMES}`);
  });
});

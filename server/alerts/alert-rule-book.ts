import type { AlertChannel, AlertRulesDocument, AlertRulesReply, AlertsFile } from '../../shared/alerts';

/**
 * The rules in force: the file's, until rules are saved on the admin page;
 * from then on the saved ones (the file's channels stay: their secrets never
 * go to a browser, so the page cannot edit them).
 */
export class AlertRuleBook {
  private saved: AlertRulesDocument | null = null;

  constructor(private readonly file: AlertsFile) {}

  get channels(): Readonly<Record<string, AlertChannel>> {
    return this.file.channels;
  }

  get document(): AlertRulesDocument {
    return this.saved ?? { quietHours: this.file.quietHours ?? null, rules: this.file.rules };
  }

  /** Rules saved on the admin page (checked against the channels), or null to go back to the file's. */
  use(saved: AlertRulesDocument | null): void {
    this.saved = saved;
  }

  reply(): AlertRulesReply {
    return {
      ...this.document,
      channels: Object.entries(this.file.channels).map(([name, channel]) => ({ name, type: channel.type })),
      source: this.saved ? 'saved' : 'file',
    };
  }
}

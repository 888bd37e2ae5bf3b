import type { DeskApiConfig } from '../../config/env-config';
import type { Logger } from '../../observability/logger';
import type { WebhookConfig } from '../webhooks/webhook-config';
import { basicAuthorization, DeskApiHttp, type DeskApiHttpOptions } from './desk-api-http';
import type { DeskApiReader } from './desk-api-reader';
import { JiraIssueSearch } from './jira-issue-search';
import { ZendeskTicketExport } from './zendesk-ticket-export';

/**
 * The readers of the desks whose API is configured. A desk's tickets are
 * mapped with its webhook settings (names, groups, fields), so a desk without
 * a webhook section is not read (loadConfig refuses that configuration).
 */
export function deskApiReaders(
  apis: DeskApiConfig,
  webhooks: WebhookConfig,
  logger: Logger,
  http: Pick<DeskApiHttpOptions, 'fetch' | 'sleep' | 'backoff' | 'signal'> = {},
): DeskApiReader[] {
  const readers: DeskApiReader[] = [];
  if (apis.zendesk && webhooks.zendesk) {
    // Zendesk's API tokens authenticate as "<agent email>/token".
    const client = new DeskApiHttp({ ...http, desk: 'zendesk', logger, authorization: basicAuthorization(`${apis.zendesk.user}/token`, apis.zendesk.token) });
    readers.push(new ZendeskTicketExport(client, apis.zendesk.baseUrl, webhooks.zendesk, apis.backfillDays));
  }
  if (apis.jira && webhooks.jira) {
    const client = new DeskApiHttp({ ...http, desk: 'jira', logger, authorization: basicAuthorization(apis.jira.user, apis.jira.token) });
    readers.push(new JiraIssueSearch(client, apis.jira.baseUrl, webhooks.jira, apis.jira.jql, apis.backfillDays));
  }
  return readers;
}

import nodemailer from 'nodemailer';
import type { AlertChannel, AlertNotice } from '../../../shared/alerts';
import type { Language } from '../../../shared/i18n/languages';
import { alertHeadline, alertText } from '../alert-message';
import { postJson } from './http-post';

/** Delivers one notification to a receiver; throws when it is not taken (the channel queue retries). */
export type AlertSender = (notice: AlertNotice) => Promise<void>;

/** The sender of a configured channel; people's channels get text in the site's language. */
export function senderFor(channel: AlertChannel, timeZone: string, language: Language): AlertSender {
  switch (channel.type) {
    case 'webhook':
      return (notice) => postJson(channel.url, notice, channel.headers);
    case 'slack':
      return (notice) => postJson(channel.webhookUrl, { text: alertText(notice, timeZone, language) });
    case 'telegram': {
      const url = `${channel.apiBaseUrl.replace(/\/+$/, '')}/bot${channel.botToken}/sendMessage`;
      return (notice) => postJson(url, { chat_id: channel.chatId, text: alertText(notice, timeZone, language) });
    }
    case 'email': {
      const transport = nodemailer.createTransport({
        host: channel.host,
        port: channel.port,
        secure: channel.secure,
        ...(channel.user !== undefined ? { auth: { user: channel.user, pass: channel.password ?? '' } } : {}),
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      });
      return async (notice) => {
        await transport.sendMail({ from: channel.from, to: channel.to, subject: alertHeadline(notice, language), text: alertText(notice, timeZone, language) });
      };
    }
  }
}

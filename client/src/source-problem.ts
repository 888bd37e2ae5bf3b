import type { PbxFailureKind } from '../../shared/snapshot';
import { t } from './i18n/i18n';

/** Why the PBX link is down, in words a shift lead can pass on. */
export function describeFailure(kind: PbxFailureKind | null): string {
  return t(`pbx.failure.${kind ?? 'unknown'}`);
}

/** "PBX LINK DOWN since 09:12 — connection refused: …": `since` is the site's wall time, null when not known. */
export function sourceDownLine(since: string | null, kind: PbxFailureKind | null): string {
  const reason = describeFailure(kind);
  return since === null ? t('pbx.down', { reason }) : t('pbx.downSince', { time: since, reason });
}

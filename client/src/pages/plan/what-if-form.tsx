import { ISO_WEEKDAYS, weekdayName, weeksCount } from '../shared/interval-labels';
import { isDate } from '../../../../shared/site-time';
import type { PlanViewState } from './plan-view-state';
import type { StaffingModel } from './staffing-series';
import { DEFAULT_WHAT_IF, WHAT_IF_LABELS, type WhatIfField, type WhatIfInputs } from './what-if';
import { t } from '../../i18n/i18n';

interface FieldSpec {
  field: WhatIfField;
  testId: string;
  hint: string;
  placeholder?: string;
}

const FIELDS: readonly FieldSpec[] = [
  { field: 'slPct', testId: 'plan-input-sl-pct', hint: t('whatIf.hint.slPct') },
  { field: 'slSec', testId: 'plan-input-sl-sec', hint: t('whatIf.hint.slSec') },
  { field: 'ahtSec', testId: 'plan-input-aht', hint: t('whatIf.hint.aht'), placeholder: t('whatIf.observed') },
  { field: 'patienceSec', testId: 'plan-input-patience', hint: t('whatIf.hint.patience'), placeholder: t('whatIf.observed') },
  { field: 'shrinkagePct', testId: 'plan-input-shrinkage', hint: t('whatIf.hint.shrinkage') },
  { field: 'maxOccupancyPct', testId: 'plan-input-max-occupancy', hint: t('whatIf.hint.occupancy'), placeholder: t('alertRules.noQuiet') },
];

export interface WhatIfFormProps {
  state: PlanViewState;
  /** the weeks the weekday basis spans (the server's choice when the page leaves it open); null until known */
  weeksInUse: number | null;
  today: string | null;
  /** messages per field, from the form's own checks or the server's 400 */
  problems: Partial<Record<WhatIfField, string>>;
  onBasis(basis: PlanViewState['basis']): void;
  onWhatIf(inputs: WhatIfInputs): void;
  onModel(model: StaffingModel): void;
  erlangAAvailable: boolean;
}

/** What to plan from (a weekday's mean or one date) and the targets to plan for; every change recomputes. */
export function WhatIfForm(props: WhatIfFormProps) {
  const { state, today, problems } = props;
  const { basis, whatIf } = state;
  const set = (field: WhatIfField, value: string) => props.onWhatIf({ ...whatIf, [field]: value });
  const isDefault = (Object.keys(DEFAULT_WHAT_IF) as WhatIfField[]).every((f) => whatIf[f] === DEFAULT_WHAT_IF[f]);

  return (
    <div className="what-if">
      <div className="what-if__group" role="group" aria-label={t('whatIf.planFrom')}>
        <label className="field">
          <span className="field__label">{t('whatIf.planFrom')}</span>
          <select
            className="field__input"
            data-testid="plan-basis-kind"
            value={basis.kind}
            onChange={(event) =>
              props.onBasis(event.target.value === 'date' ? { kind: 'date', date: today ?? '' } : { kind: 'weekday', weekday: 1 })
            }
          >
            <option value="weekday">{t('whatIf.meanOfWeekday')}</option>
            <option value="date">{t('whatIf.oneDate')}</option>
          </select>
        </label>
        {basis.kind === 'weekday' ? (
          <label className="field">
            <span className="field__label">{t('plan.weekday')}</span>
            <select
              className="field__input"
              data-testid="plan-basis-weekday"
              value={basis.weekday}
              onChange={(event) => props.onBasis({ kind: 'weekday', weekday: Number(event.target.value) })}
            >
              {ISO_WEEKDAYS.map((d) => (
                <option key={d} value={d}>
                  {weekdayName(d)}
                </option>
              ))}
            </select>
            <span className="field__hint">{props.weeksInUse === null ? t('whatIf.overHistory') : t('whatIf.overLast', { weeks: weeksCount(props.weeksInUse) })}</span>
          </label>
        ) : (
          <label className="field">
            <span className="field__label">{t('whatIf.date')}</span>
            <input
              className="field__input"
              type="date"
              data-testid="plan-basis-date"
              value={basis.date}
              max={today ?? undefined}
              onChange={(event) => isDate(event.target.value) && props.onBasis({ kind: 'date', date: event.target.value })}
            />
            <span className="field__hint">{t('whatIf.observedLoad')}</span>
          </label>
        )}
      </div>

      <div className="what-if__group" role="group" aria-label={t('whatIf.targets')}>
        {FIELDS.map((spec) => {
          const problem = problems[spec.field];
          return (
            <label key={spec.field} className="field field--number">
              <span className="field__label">{t(WHAT_IF_LABELS[spec.field])}</span>
              <input
                className="field__input"
                type="number"
                step="any"
                inputMode="decimal"
                data-testid={spec.testId}
                value={whatIf[spec.field]}
                placeholder={spec.placeholder}
                aria-invalid={problem !== undefined}
                onChange={(event) => set(spec.field, event.target.value)}
              />
              <span className={problem === undefined ? 'field__hint' : 'field__error'}>{problem ?? spec.hint}</span>
            </label>
          );
        })}
      </div>

      <div className="what-if__group" role="group" aria-label={t('whatIf.shading')}>
        <label className="field">
          <span className="field__label">{t('whatIf.shadeAgainst')}</span>
          <select className="field__input" data-testid="plan-model" value={state.model} onChange={(event) => props.onModel(event.target.value as StaffingModel)}>
            <option value="erlangC">Erlang C</option>
            <option value="erlangA" disabled={!props.erlangAAvailable}>
              Erlang A
            </option>
          </select>
        </label>
        <button type="button" className="button button--quiet" data-testid="plan-reset" disabled={isDefault} onClick={() => props.onWhatIf(DEFAULT_WHAT_IF)}>
          {t('whatIf.reset')}
        </button>
      </div>
    </div>
  );
}

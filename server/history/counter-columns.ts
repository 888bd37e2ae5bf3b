import { COUNTER_FIELDS, counterSpec, type CounterField } from '../../shared/call-counters';

/**
 * The SQL side of shared/call-counters.ts: each counter's interval_stats column,
 * the call_history column holding what one call adds to it (migration 3), and
 * its SQL type. The writer and the queries build their column lists from this.
 */
export interface CounterColumn {
  field: CounterField;
  column: string;
  callColumn: string;
  sqlType: 'int' | 'float8';
}

export const COUNTER_COLUMNS: readonly CounterColumn[] = COUNTER_FIELDS.map((field) => {
  const spec = counterSpec(field);
  return { field, column: spec.column, callColumn: `adds_${spec.column}`, sqlType: spec.kind === 'count' ? 'int' : 'float8' };
});

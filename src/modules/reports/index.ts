/** The reports module's door: all that other modules, the adapters and the jobs may use of it. */

export type {
  AgingBucket,
  AgingBuckets,
  AgingItem,
  AgingItemOfPage,
  AgingItemsQuery,
  AgingReport,
  CategoryAging,
  CustomerAging,
  UnappliedItem,
} from './aging.service.ts';
export {
  AGING_BUCKETS,
  agingItemPage,
  agingItems,
  agingNotices,
  agingReport,
  agingReportJson,
} from './aging.service.ts';
export type { CashForecast, ForecastQuery } from './forecast.service.ts';
export { cashForecast, forecastWeeks, paymentDayEstimatorFor } from './forecast.service.ts';
export type { Backtest, BacktestEstimator, BacktestQuery } from './forecast-backtest.service.ts';
export {
  BACKTEST_ESTIMATORS,
  DEFAULT_BACKTEST_MONTHS,
  forecastBacktest,
  MAX_BACKTEST_MONTHS,
  monthEndsBefore,
} from './forecast-backtest.service.ts';
export { backtestJson, cashForecastJson } from './forecast-json.ts';
export type {
  AttainmentRange,
  GoalAttainment,
  GoalCurrencyResult,
  GoalDue,
  GoalPeriodResult,
} from './goal-attainment.service.ts';
export {
  DEFAULT_ATTAINMENT_PERIODS,
  goalAttainment,
  goalPeriodResult,
  goalsDueOn,
} from './goal-attainment.service.ts';
export type { GoalStatus } from './goal-attainment.ts';
export {
  combinedStatus,
  judgeGoal,
  lastClosedPeriod,
  periodEnd,
} from './goal-attainment.ts';
export type { Comparison, GoalInput, GoalKpi, PeriodKind } from './goals.input.ts';
export { COMPARISONS, DEFAULT_GOAL_ROLES, GOAL_KPIS, goalInput, PERIOD_KINDS } from './goals.input.ts';
export type { KpiGoal } from './goals.service.ts';
export { createGoal, deleteGoal, getGoalOrThrow, listGoals, replaceGoal } from './goals.service.ts';
export type { ArStock, KpiFigures, KpiPeriod, KpiQuery, KpiReport, KpiValues } from './kpi.service.ts';
export {
  COUNTBACK_MONTHS,
  type KpiRequest,
  kpiCurrencies,
  kpiReportsFor,
  MAX_KPI_MONTHS,
  monthKpis,
  quarterKpis,
  receivablesKpis,
} from './kpi.service.ts';
export type { ActivityFigures, ActivityKpis } from './kpi-activity.service.ts';
export type { KpiScope, KpiScopeQuery } from './kpi-scope.ts';
export { isScoped, resolveKpiScope } from './kpi-scope.ts';
export { buildArSnapshots, warmKpiSnapshots } from './kpi-snapshot.service.ts';
export type { DsoPoint, OverdueCustomer, OverviewQuery, ReceivablesOverview } from './overview.service.ts';
export { DSO_DAYS, DSO_TREND_MONTHS, receivablesOverview, TOP_OVERDUE } from './overview.service.ts';
export { purgeKpiSnapshots } from './purge.ts';

/**
 * Reports: the aging as of a date (by customer or category, per currency, each figure a link to
 * its items), the trial balance and the AR reconciliation, each with CSV and XLSX exports made by
 * the server; the KPIs per month or quarter, the KPI goals and their attainment, and the cash forecast per week. The tab and every filter live in the URL (`/reports?view=aging&asOf=…&by=category`).
 */
import { Tabs } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n/i18n';
import { AgingReportView } from './AgingReportView';
import { ForecastView } from './ForecastView';
import { GoalsView } from './GoalsView';
import { KpiView } from './KpiView';
import { ReconciliationView } from './ReconciliationView';
import type { ReportView } from './reports-search';
import { TrialBalanceView } from './TrialBalanceView';

export function ReportsPage() {
  const t = useT();
  const navigate = useNavigate({ from: '/reports' });
  const search = useSearch({ from: '/app/reports' });
  const view = search.view ?? 'aging';
  return (
    <>
      <PageHeader title={t('nav.reports')} />
      <Tabs
        value={view}
        onChange={(v) =>
          void navigate({
            search: (prev) => ({ ...prev, view: v === 'aging' ? undefined : (v as ReportView) }),
          })
        }
        keepMounted={false}
      >
        <Tabs.List mb="sm">
          <Tabs.Tab value="aging">{t('reports.tab.aging')}</Tabs.Tab>
          <Tabs.Tab value="trial-balance">{t('reports.tab.trialBalance')}</Tabs.Tab>
          <Tabs.Tab value="reconciliation">{t('reports.tab.reconciliation')}</Tabs.Tab>
          <Tabs.Tab value="kpis">{t('reports.tab.kpis')}</Tabs.Tab>
          <Tabs.Tab value="goals">{t('reports.tab.goals')}</Tabs.Tab>
          <Tabs.Tab value="forecast">{t('reports.tab.forecast')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="aging">
          <AgingReportView />
        </Tabs.Panel>
        <Tabs.Panel value="trial-balance">
          <TrialBalanceView />
        </Tabs.Panel>
        <Tabs.Panel value="reconciliation">
          <ReconciliationView />
        </Tabs.Panel>
        <Tabs.Panel value="kpis">
          <KpiView />
        </Tabs.Panel>
        <Tabs.Panel value="goals">
          <GoalsView />
        </Tabs.Panel>
        <Tabs.Panel value="forecast">
          <ForecastView />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

/** The words of credit holds, overrides and refusals, as the activity log and errors show them. */
import { moneyText } from '../../shared/money-text.ts';
import type { CustomerCredit } from './credit-facts.ts';
import type { CreditSettings, HoldReason, RiskMeasure } from './hold-rules.ts';

/** "exposure EUR 6,190.00 is over the credit limit of EUR 5,000.00; …". */
export function reasonsText(
  reasons: readonly HoldReason[],
  credit: CustomerCredit,
  settings: CreditSettings,
  exposureMinor = credit.exposure.totalMinor,
  risk: RiskMeasure | null = null,
): string {
  return reasons
    .map((r) =>
      r === 'over_limit'
        ? `exposure ${moneyText(exposureMinor, credit.currency)} is over the credit limit of ${moneyText(credit.limitMinor ?? 0n, credit.currency)}`
        : r === 'overdue'
          ? `an invoice is ${credit.oldestOverdueDays ?? 0} days overdue (hold after ${settings.holdOverdueDays ?? 0})`
          : riskText(settings, risk),
    )
    .join('; ');
}

function riskText(settings: CreditSettings, risk: RiskMeasure | null): string {
  const from = settings.holdRiskScore ?? 0;
  return risk
    ? `${risk.summary} (hold from ${from})`
    : `the risk score was ${from} or more at the last daily credit check`;
}

export function holdSetText(
  reasons: readonly HoldReason[],
  credit: CustomerCredit,
  settings: CreditSettings,
  risk: RiskMeasure | null = null,
) {
  return `Credit hold set (automatic): ${reasonsText(reasons, credit, settings, undefined, risk)}`;
}

export function holdUpdatedText(
  reasons: readonly HoldReason[],
  credit: CustomerCredit,
  settings: CreditSettings,
  risk: RiskMeasure | null = null,
) {
  return `Credit hold continues (automatic), now because ${reasonsText(reasons, credit, settings, undefined, risk)}`;
}

export function holdReleasedText(settings: CreditSettings): string {
  const overdue =
    settings.holdOverdueDays === null
      ? ''
      : ` and nothing is more than ${settings.holdOverdueDays} days overdue`;
  const risk =
    settings.holdRiskScore === null ? '' : ` and the risk score is below ${settings.holdRiskScore}`;
  return `Credit hold released (automatic): exposure is within the credit limit${overdue}${risk}`;
}

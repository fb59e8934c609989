import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Random } from '../../shared/random.ts';
import type { InvoiceFact } from './payment-features.ts';
import { predictPayment, trainPaymentModel } from './payment-model.ts';

/** Customers of three kinds: prompt, 12 days late, and prompt on e-mail but slow on paper. */
function generated(seed: number): InvoiceFact[] {
  const random = new Random(seed);
  const facts: InvoiceFact[] = [];
  for (let c = 0; c < 60; c++) {
    const kind = c % 3;
    for (let k = 0; k < 20; k++) {
      const issueDay = 19_000 + k * 15 + random.int(0, 5);
      const electronic = random.chance(0.5);
      const late = kind === 0 ? 0 : kind === 1 ? 12 : electronic ? 1 : 15;
      facts.push({
        customerId: `K-${c}`,
        issueDay,
        dueDay: issueDay + 30,
        settledDay: issueDay + 30 + late + random.int(-2, 2),
        amountMinor: BigInt(random.int(1_000, 500_000)),
        currency: 'EUR',
        electronic,
        disputed: false,
      });
    }
  }
  return facts;
}

describe('payment-date model', () => {
  it('predicts each kind of customer and names the customer’s habit as the main reason', () => {
    const facts = generated(1);
    const model = trainPaymentModel(facts);
    const history = (id: string) => facts.filter((f) => f.customerId === id);
    const next = (id: string, electronic: boolean): InvoiceFact => ({
      ...(history(id)[0] as InvoiceFact),
      issueDay: 19_400,
      dueDay: 19_430,
      settledDay: null,
      electronic,
    });
    const late = predictPayment(model, next('K-1', false), history('K-1'));
    assert.ok(Math.abs(late.daysLate - 12) < 2, `late payer: ${late.daysLate}`);
    assert.ok(late.lateProbability > 0.8);
    assert.equal(late.predictedDay, 19_430 + Math.round(late.daysLate));
    assert.equal(late.reasons[0]?.feature, 'usual_days_late');
    const prompt = predictPayment(model, next('K-0', false), history('K-0'));
    assert.ok(Math.abs(prompt.daysLate) < 2 && prompt.lateProbability < 0.2, JSON.stringify(prompt));
    const paperSlow = predictPayment(model, next('K-2', false), history('K-2'));
    const emailFast = predictPayment(model, next('K-2', true), history('K-2'));
    assert.ok(paperSlow.daysLate - emailFast.daysLate > 5, `${paperSlow.daysLate} vs ${emailFast.daysLate}`);
  });

  it('refuses to train without one paid invoice', () => {
    assert.throws(() => trainPaymentModel([]), /no settled invoice/);
  });
});

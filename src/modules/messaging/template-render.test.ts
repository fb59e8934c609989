import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderParts } from './template-render.ts';
import { parseTemplate } from './template-syntax.ts';

const values = {
  customer_name: { text: 'Zakład Łódź' },
  invoice_table: { text: 'INV-1   100.00', html: '<table></table>' },
  fee: { text: '' },
  total_due: { text: '105,00 €' },
};

describe('renderParts', () => {
  it('cuts the text at block placeholders and names the values it shows', () => {
    const { nodes } = parseTemplate(
      'Dear {{customer_name}},\n\n{{invoice_table}}\n\n{{#if fee}}Fee: {{fee}}\n{{/if}}Due:  {{total_due}}\n\nBye\uE000',
    );
    const { parts, used } = renderParts(nodes, values, new Set(['invoice_table']));
    assert.deepEqual(parts, [
      { text: 'Dear Zakład Łódź,' },
      { block: 'invoice_table' },
      { text: 'Due:  105,00 €\n\nBye' },
    ]);
    // The fee's branch was not taken, and an empty value is not shown.
    assert.deepEqual([...used].sort(), ['customer_name', 'invoice_table', 'total_due']);
  });

  it('renders a block placeholder not asked for as its text', () => {
    const { nodes } = parseTemplate('{{invoice_table}}');
    assert.deepEqual(renderParts(nodes, values, new Set()).parts, [{ text: 'INV-1   100.00' }]);
  });
});

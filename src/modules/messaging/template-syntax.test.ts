import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cpuTimed } from '../../../test/helpers/cpu-time.ts';
import { checkTemplate } from './template-check.ts';
import { renderHtml, renderLine, renderText } from './template-render.ts';
import { parseTemplate } from './template-syntax.ts';

const values = (v: Record<string, string>) =>
  Object.fromEntries(Object.entries(v).map(([k, text]) => [k, { text }]));

describe('template syntax', () => {
  it('renders placeholders and if/else by presence', () => {
    const { nodes, issues } = parseTemplate('Hi {{ name }}!{{#if fee}} Fee: {{fee}}.{{else}} No fee.{{/if}}');
    assert.deepEqual(issues, []);
    assert.equal(renderText(nodes, values({ name: 'Ann', fee: '5,00 €' })), 'Hi Ann! Fee: 5,00 €.\n');
    assert.equal(renderText(nodes, values({ name: 'Ann', fee: '' })), 'Hi Ann! No fee.\n');
    assert.equal(renderText(nodes, values({})), 'Hi ! No fee.\n', 'an absent value renders as nothing');
  });

  it('nests ifs, and a control tag alone on its line takes the line with it', () => {
    const source = 'A\n{{#if x}}\nX\n{{#if y}}\nY\n{{/if}}\n{{/if}}\nB';
    const { nodes } = parseTemplate(source);
    assert.equal(renderText(nodes, values({ x: '1', y: '1' })), 'A\nX\nY\nB\n');
    assert.equal(renderText(nodes, values({ x: '1' })), 'A\nX\nB\n');
    assert.equal(renderText(nodes, values({})), 'A\nB\n');
  });

  it('reports every syntax error with its line and never executes anything', () => {
    const { issues } = parseTemplate(
      'ok\n{{#if a}}\n{{ a.b }}\n{{else}}{{else}}\n{{/if}}{{/if}}\n{{ constructor() }}\n{{ unclosed',
    );
    const text = issues.map((i) => `${i.line}: ${i.message}`);
    assert.deepEqual(text, [
      '3: "{{a.b}}" is not a placeholder: write {{name}} or {{#if name}} … {{else}} … {{/if}}',
      '4: {{else}} without an open {{#if}}',
      '5: {{/if}} without an open {{#if}}',
      '6: "{{constructor()}}" is not a placeholder: write {{name}} or {{#if name}} … {{else}} … {{/if}}',
      '7: "{{" is never closed with "}}"',
    ]);
    assert.match(
      parseTemplate('{{#if a}} never closed').issues[0]?.message ?? '',
      /\{\{#if a\}\} is never closed/,
    );
  });

  it('does not resolve names through the prototype chain', () => {
    const { nodes } = parseTemplate('[{{constructor}}][{{__proto__}}][{{tostring}}]');
    assert.equal(renderText(nodes, values({})), '[][][]\n');
  });

  it('renders a subject as one line', () => {
    const { nodes } = parseTemplate('Invoice {{n}}  {{#if po}}(PO {{po}}){{/if}}');
    assert.equal(renderLine(nodes, values({ n: 'INV-1', po: '' })), 'Invoice INV-1');
  });

  it('escapes every literal and value in HTML and turns paragraphs and lines into <p> and <br>', () => {
    const { nodes } = parseTemplate('Dear {{name}},\n\nLine <1>\nLine & 2\n\n{{table}}\n\nBye');
    const html = renderHtml(
      nodes,
      {
        name: { text: '<script>alert(1)</script>' },
        table: { text: 'T', html: '<table><tr><td>x</td></tr></table>' },
      },
      'en',
    );
    assert.match(html, /<p>Dear &#60;script&#62;alert\(1\)&#60;\/script&#62;,<\/p>/);
    assert.match(html, /<p>Line &#60;1&#62;<br>\nLine &#38; 2<\/p>/);
    assert.match(
      html,
      /\n<table><tr><td>x<\/td><\/tr><\/table>\n<p>Bye<\/p>/,
      'a block stands outside any <p>',
    );
    assert.doesNotMatch(html, /<script>/);
  });
});

describe('template check (save time)', () => {
  it('accepts a template using only the placeholders of its kind', () => {
    const r = checkTemplate(
      'invoice',
      'Invoice {{invoice_number}}',
      'Dear {{customer_name}}\n\n{{payment_instructions}}\n',
    );
    assert.equal(r.ok, true);
  });

  it('names every unknown placeholder, in if-tests too', () => {
    const r = checkTemplate(
      'invoice',
      'Invoice {{invoice_numbr}}',
      'Hello {{customer}} {{#if fee}}x{{/if}} {{customer_name}}',
    );
    assert.equal(r.ok, false);
    if (r.ok) return;
    const messages = r.errors.map((e) => `${e.field}: ${e.message.split(';')[0]}`);
    assert.deepEqual(messages, [
      'subject: unknown placeholder {{invoice_numbr}}',
      'body: unknown placeholders {{customer}}, {{fee}}',
    ]);
    assert.match(r.errors[1]?.message ?? '', /invoice templates offer company_name, customer_name/);
  });

  it('keeps blocks out of subjects and on lines of their own', () => {
    const r = checkTemplate(
      'dunning',
      'Open: {{invoice_table}}',
      'See: {{invoice_table}}\n{{payment_instructions}}',
    );
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(
      r.errors.map((e) => e.message),
      [
        '{{invoice_table}} spans several lines and cannot be used in a subject',
        'line 1: {{invoice_table}} must stand on a line of its own',
      ],
    );
  });

  it('refuses an empty or multi-line subject, an empty body and syntax errors', () => {
    const r = checkTemplate('statement', 'a\nb', '  ');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(
      r.errors.map((e) => `${e.field}: ${e.message}`),
      ['subject: must be one line', 'body: must not be empty'],
    );
    const s = checkTemplate('statement', 'ok', '{{#if total_open}}x');
    assert.equal(s.ok, false);
  });
});

describe('template syntax: hostile sizes (found by npm run fuzz)', () => {
  it('parses 40,000 placeholders on 20,000 lines in linear time, with the right lines', () => {
    // Each tag's line was counted from the start of the text: 3.5 s for 130 kB, minutes for 1.2 MB.
    const source = 'Dear {{customer_name}},\n{{#if contact_name}}x{{/if}}\n'.repeat(20_000);
    const {
      result: { nodes, issues },
      ms,
    } = cpuTimed(() => parseTemplate(`${source}{{/if}}`));
    // Per repetition: text, {{customer_name}}, text, the if; then the last line feed.
    assert.equal(nodes.length, 4 * 20_000 + 1);
    assert.deepEqual(issues, [{ line: 40_001, message: '{{/if}} without an open {{#if}}' }]);
    assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
  });

  it('refuses a body over the limit by its length alone, at once', () => {
    const body = '{{#if contact_name}}{{nope}}\n'.repeat(50_000);
    const { result: checked, ms } = cpuTimed(() =>
      checkTemplate('invoice', 'Invoice {{invoice_number}}', body),
    );
    assert.deepEqual(checked, {
      ok: false,
      errors: [{ field: 'body', message: 'at most 20000 characters' }],
    });
    assert.ok(ms < 200, `took ${Math.round(ms)} ms`);
  });
});

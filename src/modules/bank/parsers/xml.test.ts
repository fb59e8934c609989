/**
 * readXml against fast-xml-parser, the parser it replaces in camt.ts: the same object tree (same
 * keys in the same order) for every real camt file, for hand-written tricky snippets and for
 * random element trees; and its own well-formedness errors, with line and column.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { StatementSyntaxError } from '../statement.ts';
import { REPEATING } from './camt.ts';
import { readXml } from './xml.ts';

const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures', import.meta.url));
const EXTERNAL = fileURLToPath(new URL('../../../../../shared/external/bank-statements', import.meta.url));

/** The options camt.ts gave fast-xml-parser before it used readXml. */
const CAMT_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name: string) => REPEATING.has(name),
  jPath: false,
} as const;

/** What camt.ts got from fast-xml-parser, less the '?xml' key of the declaration (readXml leaves it out). */
function formerCamtTree(xml: string): unknown {
  const tree = new XMLParser(CAMT_OPTIONS).parse(xml) as Record<string, unknown>;
  delete tree['?xml'];
  return tree;
}

/**
 * The reference for snippets: camt.ts's options plus the two documented differences of readXml —
 * processing instructions left out, and character references decoded (fast-xml-parser decodes
 * them only with htmlEntities, which also knows HTML names such as &nbsp; that no input here uses).
 */
const reference = new XMLParser({
  ...CAMT_OPTIONS,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: true,
});

function assertSameTree(actual: unknown, expected: unknown, what: string): void {
  assert.deepStrictEqual(actual, expected, what);
  assert.equal(JSON.stringify(actual), JSON.stringify(expected), `${what}: same key order`);
}

function assertLikeReference(xml: string): void {
  assertSameTree(readXml(xml, { alwaysArray: REPEATING }).root, reference.parse(xml), JSON.stringify(xml));
}

function xmlFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((f) => {
      const path = join(dir, f);
      return statSync(path).isDirectory() ? xmlFilesUnder(path) : [path];
    })
    .filter((f) => f.endsWith('.xml'))
    .sort();
}

function compareFiles(root: string): void {
  const files = xmlFilesUnder(root);
  assert.ok(files.length > 0, `camt files under ${root}`);
  for (const file of files) {
    const xml = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    assertSameTree(readXml(xml, { alwaysArray: REPEATING }).root, formerCamtTree(xml), file);
  }
}

describe('readXml builds the tree fast-xml-parser built for camt.ts', () => {
  test('every camt file in test/fixtures', () => {
    compareFiles(FIXTURES);
  });

  test('every camt file in shared/external/bank-statements', {
    skip: !existsSync(EXTERNAL) && `${EXTERNAL} is absent: the external samples are not compared`,
  }, () => {
    compareFiles(EXTERNAL);
  });

  // biome-ignore format: one snippet per line reads better
  const SNIPPETS: Record<string, readonly string[]> = {
    'empty and self-closing elements': ['<A/>', '<A />', '<A></A>', '<A> \n\t </A>', '<A><B/><B/><C /></A>', '<A><B b="1"/></A>'],
    attributes: ['<A b="1" c=\'2\'/>', '<A b = "1"\n\tc="2" >t</A>', '<A b="">t</A>', '<A b="x > y / z"/>', '<A b="it\'s" c=\'say "hi"\'/>', '<A b="  x \t y  "/>', '<A b="x\ny"/>', '<A b="x/"/>', '<A b="1"><C/>t</A>'],
    namespaces: [
      '<p:A xmlns:p="urn:x" xmlns="urn:y" p:b="1" xsi:c="2" d="3"><p:B>1</p:B><q:B xmlns:q="urn:q">2</q:B></p:A>',
      '<A xmlns="urn:y">t</A>', '<A xmlns="urn:y"/>', '<A xml:lang="en" a:b:c="1" p:x="1" x="2"/>', '<a:b:C>1</a:b:C>',
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:x camt.053.xsd"><BkToCstmrStmt/></Document>',
    ],
    'mixed content': ['<A>x<B/>y<C>z</C>w</A>', '<A b="1">x<C/></A>', '<A><B>1</B>t<B>2</B></A>', '<A> x <B/> </A>'],
    entities: ['<A>&lt;&gt;&amp;&quot;&apos;</A>', '<A>&#65;&#x42;&#x20AC;&#x1F600;&#xe4;</A>', '<A>&#32;x&#x20;</A>', '<A>&amp;lt; &amp;#65;</A>', '<A b="&lt;&amp;&#65;&quot;"/>', '<A b=" &#32;x "/>', '<A>A &amp; B</A>'],
    CDATA: ['<A><![CDATA[ <b> & </b> ]]></A>', '<A>a <![CDATA[ b ]]> c</A>', '<A><![CDATA[]]></A>', '<A><![CDATA[x]]><B/></A>', '<A b="1"><![CDATA[ x ]]></A>'],
    comments: ['<A>x <!-- c --> y</A>', '<A><!-- c --></A>', '<!-- before --><A/><!-- after -->', '<A><!-- <B> --></A>', '<A>x<!-- c --><B/>y</A>', '<A> <!-- c --> </A>'],
    'declaration, processing instructions, DOCTYPE': ['<?xml version="1.0" encoding="UTF-8"?>\n<A>1</A>', '<A>x <?pi d?> y</A>', '<!DOCTYPE A [<!ELEMENT A (#PCDATA)> <!-- ] > --> <!ATTLIST A b CDATA "]>">]><A>1</A>', '<!DOCTYPE A SYSTEM "a.dtd"><A/>'],
    whitespace: ['<A>\n  <B>\n    1\n  </B>\n</A>\n', '<A>\r\n x\r\ny \r z\r\n</A>', '<A b="x\r\ny"/>', '<A><![CDATA[a\r\nb]]></A>', '<A>\u00a0x\u00a0</A>'],
    'repeated elements and camt arrays': ['<A><B>1</B><B>2</B><B>3</B></A>', '<Stmt><Ntry>1</Ntry></Stmt>', '<A><Ntry/></A>', '<A><B>1</B><C/><B>2</B></A>', '<A><p:B>1</p:B><q:B>2</q:B></A>'],
    'names that are object properties': ['<A><toString>1</toString><valueOf/><isPrototypeOf>2</isPrototypeOf><isPrototypeOf>3</isPrototypeOf><hasOwnProperty/></A>'],
    'non-ASCII names and text': ['<Ä ö="ü">ß</Ä>', '<A>Überweisung – 10 €</A>'],
  };
  for (const [what, snippets] of Object.entries(SNIPPETS)) {
    test(what, () => {
      for (const xml of snippets) assertLikeReference(xml);
    });
  }

  test('a byte-order mark is skipped', () => {
    assert.deepEqual(readXml('\uFEFF<A>1</A>').root, { A: '1' });
  });

  test('random element trees, serialised in random styles', () => {
    fc.assert(
      fc.property(documentArbitrary(), (xml) => {
        assertLikeReference(xml);
      }),
      { numRuns: 500 },
    );
  });
});

// ------------------------------------------------------------------------------------------------
// Random documents

type Item = { text: string; style: TextStyle } | Element;
interface Element {
  name: string;
  attributes: [string, string][];
  children: Item[];
  selfClosing: boolean;
}
type TextStyle = 'entities' | 'references' | 'cdata' | 'comment';

function documentArbitrary(): fc.Arbitrary<string> {
  const name = fc.constantFrom(
    'A',
    'B',
    'Ntry',
    'TxDtls',
    'Ustrd',
    'p:A',
    'q:B',
    'p:Ntry',
    'Amt',
    'valueOf',
    'isPrototypeOf',
  );
  const attributeName = fc.constantFrom('a', 'b', 'Ccy', 'p:a', 'q:b', 'xmlns', 'xmlns:p', 'xml:lang');
  const text = fc.string({
    unit: fc.constantFrom(
      'a',
      'Z',
      '0',
      ' ',
      '  ',
      '\n',
      '\t',
      '\r\n',
      '<',
      '>',
      '&',
      '"',
      "'",
      ']',
      'é',
      '€',
      '😀',
      '\u00a0',
    ),
    maxLength: 8,
  });
  const style = fc.constantFrom<TextStyle>('entities', 'references', 'cdata', 'comment');
  const { element } = fc.letrec<{ element: Element; item: Item }>((tie) => ({
    element: fc.record({
      name,
      attributes: fc.uniqueArray(fc.tuple(attributeName, text), { maxLength: 3, selector: ([n]) => n }),
      children: fc.array(tie('item'), { maxLength: 4, depthIdentifier: 'tree' }),
      selfClosing: fc.boolean(),
    }),
    item: fc.oneof(
      { depthSize: 'small', depthIdentifier: 'tree' },
      fc.record({ text, style }),
      tie('element'),
    ),
  }));
  return fc
    .tuple(fc.boolean(), element)
    .map(
      ([declaration, root]) =>
        (declaration ? '<?xml version="1.0" encoding="UTF-8"?>\n' : '') + serialise(root),
    );
}

function serialise(element: Element): string {
  const attributes = element.attributes.map(
    ([n, v]) => ` ${n}="${escapeText(v, 'entities').replaceAll('"', '&quot;')}"`,
  );
  const open = `<${element.name}${attributes.join('')}`;
  if (element.selfClosing && element.children.length === 0) return `${open}/>`;
  const content = element.children
    .map((c) => ('name' in c ? serialise(c) : escapeText(c.text, c.style)))
    .join('');
  return `${open}>${content}</${element.name}>`;
}

function escapeText(text: string, style: TextStyle): string {
  if (style === 'cdata' && !text.includes(']')) return `<![CDATA[${text}]]>`;
  if (style === 'comment') {
    const characters = Array.from(text);
    const [before, after] = [characters.slice(0, 2).join(''), characters.slice(2).join('')];
    return `${escapeText(before, 'entities')}<!-- - -->${escapeText(after, 'entities')}`;
  }
  const escaped = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
  if (style === 'references')
    return escaped.replaceAll('>', '&#62;').replaceAll(' ', '&#x20;').replaceAll('é', '&#233;');
  return escaped.replaceAll('>', '&gt;');
}

// ------------------------------------------------------------------------------------------------
// Errors

function assertRejected(xml: string, line: number, column: number, message: RegExp): void {
  assert.throws(
    () => readXml(xml),
    (e) => {
      assert.ok(e instanceof StatementSyntaxError, String(e));
      assert.deepEqual([e.line, e.column], [line, column], e.message);
      assert.match(e.message, new RegExp(`^line ${line}:${column}: malformed XML: ${message.source}`));
      return true;
    },
    JSON.stringify(xml),
  );
}

describe('readXml rejects malformed XML at the first problem, with line and column', () => {
  test('unclosed and mismatched tags', () => {
    assertRejected('<A>\n  <B>x</B>\n', 3, 1, /the document ends inside <A> opened at line 1, column 1/);
    assertRejected(
      '<A>\n  <B>x</C>\n</A>',
      2,
      7,
      /closing tag <\/C> does not match <B> opened at line 2, column 3$/,
    );
    assertRejected(
      '<Ntry>\n<Amt>1</Ntry>',
      2,
      7,
      /closing tag <\/Ntry> does not match <Amt> opened at line 2, column 1$/,
    );
    assertRejected('<A><B></BB></A>', 1, 7, /closing tag <\/BB> does not match <B>/);
    assertRejected('<A></A >x', 1, 9, /text after the root element <A>: "x"$/);
    assertRejected('</A>', 1, 1, /closing tag <\/A> has no start tag$/);
    assertRejected('<A></A></B>', 1, 8, /closing tag <\/B> has no start tag$/);
    assertRejected('<A><B', 1, 4, /start tag <B is not closed with '>'$/);
    assertRejected('<A></A', 1, 4, /closing tag <\/A> must end with '>'$/);
  });

  test('one root element, and nothing but markup around it', () => {
    assertRejected('<A/>\n<B/>', 2, 1, /a second root element <B> after the root element <A>$/);
    assertRejected('<A>1</A>\n  garbage', 2, 3, /text after the root element <A>: "garbage"$/);
    assertRejected('<A>1</A>\0x', 1, 9, /text after the root element <A>: "\\u0000x"$/);
    assert.deepEqual(readXml('<A>1</A>\r\n\x1a').root, { A: '1' }, 'Ctrl-Z at the end is padding');
    assert.deepEqual(readXml('<A>1</A>\0\0\0').root, { A: '1' }, 'NULs at the end are padding');
    assertRejected('not xml at all', 1, 1, /text before the root element: "not xml at all"$/);
    assertRejected('', 1, 1, /the document has no root element$/);
    assertRejected('<!-- only a comment -->\n', 2, 1, /the document has no root element$/);
    assertRejected(
      ' <?xml version="1.0"?><A/>',
      1,
      2,
      /the XML declaration <\?xml …\?> is allowed only at the very start/,
    );
    assertRejected('<A/><!DOCTYPE A>', 1, 5, /a DOCTYPE is allowed only once, before the root element$/);
    assertRejected('<![CDATA[x]]><A/>', 1, 1, /CDATA section outside the root element$/);
  });

  test('unterminated comments, CDATA sections and processing instructions', () => {
    assertRejected('<A>\n<!-- x\n</A>', 2, 1, /comment '<!--' is not closed with '-->'$/);
    assertRejected('<A>\n <![CDATA[ x </A>', 2, 2, /CDATA section '<!\[CDATA\[' is not closed with '\]\]>'$/);
    assertRejected('<A><?pi x</A>', 1, 4, /processing instruction '<\?' is not closed with '\?>'$/);
    assertRejected('<A><!ELEMENT x></A>', 1, 4, /unknown markup after '<!'$/);
  });

  test("unescaped '<' and '&', unknown entities and references to characters XML forbids", () => {
    assertRejected('<A>1 < 2</A>', 1, 6, /'<' must start a tag with a valid name \(write &lt; in text\)$/);
    assertRejected('<A>\n  A & B</A>', 2, 5, /'&' must start a reference such as &amp; \(found "& B"\)$/);
    assertRejected('<A>&amp</A>', 1, 4, /'&' must start a reference such as &amp; \(found "&amp"\)$/);
    assertRejected('<A>x &nbsp;</A>', 1, 6, /unknown entity &nbsp; \(without a DTD only/);
    assertRejected('<A>&#0;</A>', 1, 4, /character reference &#0; is not a character XML allows$/);
    assertRejected('<A>&#x;</A>', 1, 4, /malformed character reference "&#x;"/);
    assertRejected('<A>&#X41;</A>', 1, 4, /malformed character reference/);
    assertRejected('<A>x<!-- c -->&y</A>', 1, 15, /'&' must start a reference/);
    assertRejected('<A>\r\n<B b="x &bad; y"/></A>', 2, 9, /unknown entity &bad;/);
  });

  test('attribute syntax', () => {
    assertRejected('<A b=1/>', 1, 6, /the value of attribute b in <A> must be quoted$/);
    assertRejected('<A b/>', 1, 4, /attribute b in <A> has no value/);
    assertRejected('<A b="1"c="2"/>', 1, 9, /unexpected "c" in start tag <A>$/);
    assertRejected('<A b="1" b="2"/>', 1, 10, /attribute b is repeated$/);
    assertRejected('<A b="<"/>', 1, 7, /'<' in the value of attribute b \(write &lt;\)$/);
    assertRejected('<A b="1/>', 1, 6, /the value of attribute b is not closed$/);
    assertRejected('<A / >', 1, 4, /'\/' in start tag <A> must be followed by '>'$/);
  });
});

describe('XmlDocument.lineOf', () => {
  test('finds the n-th start tag of a recorded name, prefixed or not, and not inside comments', () => {
    const xml = '<p:D xmlns:p="u">\n<!-- <Ntry> -->\n<p:Ntry/>\n\n<Ntry>\n</Ntry></p:D>';
    const document = readXml(xml, { recordLines: new Set(['Ntry']) });
    assert.deepEqual(
      [document.lineOf('Ntry', 0), document.lineOf('Ntry', 1), document.lineOf('Ntry', 2)],
      [3, 5, null],
    );
    assert.equal(document.lineOf('D', 0), null);
  });
});

describe('readXml: entity declarations refused (XML bombs, external entities)', () => {
  const LAUGHS = [
    '<?xml version="1.0"?>',
    '<!DOCTYPE lolz [',
    ' <!ENTITY lol "lol">',
    ...Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`),
    ']>',
    '<Document><Id>&lol9;</Id></Document>',
  ].join('\n');

  test('refuses a billion laughs at its first entity declaration, at once', () => {
    const started = performance.now();
    assertRejected(LAUGHS, 3, 2, /entity declarations are not accepted/);
    assert.ok(performance.now() - started < 100);
  });

  test('refuses external (SYSTEM, PUBLIC) and parameter entities without reading anything', () => {
    for (const declaration of [
      '<!ENTITY xxe SYSTEM "file:///etc/passwd">',
      '<!ENTITY xxe PUBLIC "-//x//EN" "http://127.0.0.1:9/x.dtd">',
      '<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;',
    ])
      assert.throws(
        () => readXml(`<!DOCTYPE Document [\n${declaration}\n]>\n<Document><Id>&xxe;</Id></Document>`),
        (e) =>
          e instanceof StatementSyntaxError &&
          e.line === 2 &&
          /entity declarations are not accepted/.test(e.message) &&
          !/root:/.test(e.message),
        declaration,
      );
  });

  test('still refuses a reference to an entity that a DOCTYPE names only from outside', () => {
    assertRejected(
      '<!DOCTYPE Document SYSTEM "file:///etc/passwd">\n<Document>&passwd;</Document>',
      2,
      11,
      /unknown entity &passwd;/,
    );
  });
});

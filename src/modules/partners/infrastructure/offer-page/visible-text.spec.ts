import { textHash, visibleText } from './visible-text';

describe('visibleText', () => {
  it('drops scripts, styles, noscript, templates, comments and tags', () => {
    const html = `<!DOCTYPE html><html><head><style>.a{content:"Битрикс24"}</style>
      <script type="text/javascript">var s = "<p>пакет</p>";</script></head>
      <body><!-- внедрение тариф --><noscript>Включите JS</noscript><template><p>шаблон</p></template>
      <h1 class="x" data-t='a>b'>Внедрение  Bitrix24</h1><p>Пакеты<br>и тарифы</p></body></html>`;
    expect(visibleText(html)).toBe('Внедрение Bitrix24 Пакеты и тарифы');
  });

  it('keeps words whole across inline tags and splits them at block tags', () => {
    expect(visibleText('<p>Вне<b>дрение</b></p><p>Битрикс</p><div>24</div>')).toBe('Внедрение Битрикс 24');
  });

  it('decodes entities after removing tags, so escaped markup is text', () => {
    expect(visibleText('a&nbsp;b &amp; c &lt;script&gt; &quot;q&quot; &#1042;&#x43D;&#X435; &laquo;x&raquo; &unknown;'))
      .toBe('a b & c <script> "q" Вне «x» &unknown;');
  });

  it('turns invalid numeric entities into U+FFFD', () => {
    expect(visibleText('&#0; &#xD800; &#x110000;')).toBe('\ufffd \ufffd \ufffd');
  });

  it('hides everything after an unclosed script or comment', () => {
    expect(visibleText('seen <script>hidden')).toBe('seen');
    expect(visibleText('seen <!-- hidden')).toBe('seen');
  });

  it('collapses whitespace and drops soft hyphens and zero-width characters, keeping case', () => {
    expect(visibleText('  Бит&shy;рикс\u200b24 \n\t ПАКЕТ  ')).toBe('Битрикс24 ПАКЕТ');
  });
});

describe('textHash', () => {
  it('is the sha256 hex of the normalised text and ignores whitespace noise', () => {
    expect(textHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(textHash('  a \n b ')).toBe(textHash('a b'));
    expect(textHash(visibleText('<p>a</p><p>b</p>'))).toBe(textHash('a b'));
    expect(textHash('a b')).not.toBe(textHash('a c'));
  });
});

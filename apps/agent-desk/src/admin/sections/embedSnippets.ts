/** Which deployment the seeds document: 示例一 in-page, 示例二 popup / tab, 示例三 link, Sobot's `zc`. */
export type SnippetKind = 'inPage' | 'popup' | 'link' | 'sobot'

export const SNIPPET_KINDS: readonly SnippetKind[] = ['inPage', 'popup', 'link', 'sobot']

export interface SnippetOptions {
  /** The kefu server as the store's visitors reach it, e.g. `https://kefu.example.com`. */
  readonly serverUrl: string
  readonly companyId: string
  /** `#rrggbb`, passed to Sobot's `color` (which takes it without `#`). */
  readonly brandColor?: string | null
  /** The language of the buttons and links the code puts on the store's page. */
  readonly locale?: 'zh-CN' | 'zh-TW' | 'en'
}

const PAGE_TEXT = {
  'zh-CN': { chat: '在线咨询', popup: '在线咨询（弹出窗口）', tab: '在线咨询（新标签页）', tag: '商品咨询', lan: 'zh' },
  'zh-TW': { chat: '線上諮詢', popup: '線上諮詢（彈出視窗）', tab: '線上諮詢（新分頁）', tag: '商品諮詢', lan: 'zh-TW' },
  en: { chat: 'Chat with us', popup: 'Chat with us (popup)', tab: 'Chat with us (new tab)', tag: 'product', lan: 'en' },
} as const

/** A string as a JavaScript string literal (quotes, backslashes, `</script>` and line breaks escaped). */
const js = (value: string) => JSON.stringify(value).replace(/</g, '\\u003c')

/** The origin of the server URL, without a trailing slash (a path prefix is kept for proxies that mount kefu under one). */
function base(serverUrl: string): string {
  return serverUrl.trim().replace(/\/+$/, '')
}

/** The Echat loader part of 示例一 and 示例二: `_echat` queue, `initParam` with the company id, the async script. */
function echatLoader({ serverUrl, companyId }: SnippetOptions): string {
  const server = base(serverUrl)
  return `<script>
  window._echat = window._echat || function () {
    (_echat.q = _echat.q || []).push(arguments)
  };
  _echat.l = +new Date;
  _echat('initParam', { companyId: ${js(companyId)} });
  (function () {
    var echat = document.createElement('script');
    echat.type = 'text/javascript';
    echat.async = true;
    echat.id = 'echatmodulejs';
    echat.setAttribute('charset', 'UTF-8');
    echat.src = ${js(`${server}/loader.js`)};
    var s = document.getElementsByTagName('script')[0];
    s.parentNode.insertBefore(echat, s);
  })();
</script>`
}

/**
 * The embed code for one deployment, with the company id and server filled in: what the seeds' examples
 * show, pointed at this kefu server, ready to paste before `</body>`.
 */
export function embedSnippet(kind: SnippetKind, options: SnippetOptions): string {
  const server = base(options.serverUrl)
  const text = PAGE_TEXT[options.locale ?? 'zh-CN']
  switch (kind) {
    case 'inPage':
      return `<!-- kefu: the chat button and the in-page chat window (Echat 示例一) -->
${echatLoader(options)}`
    case 'popup':
      return `<!-- kefu: your own buttons open the chat in a popup window or a new tab (Echat 示例二) -->
${echatLoader(options)}
<button type="button" onclick="ECHAT.customNewWinChat(chatParamObj)">${text.popup}</button>
<button type="button" onclick="ECHAT.customOpenChat(chatParamObj)">${text.tab}</button>
<script>
  var chatParamObj = {
    echatTag: ${js(text.tag)},
    lan: ${js(text.lan)},
    chatWindowParam: { name: 'kefuChatWindow', width: 1000, height: 700, maxWidth: 900, maxHeight: 600 }
  };
</script>`
    case 'link':
      return `<!-- kefu: a chat link, no script needed (Echat 示例三); add &echatTag=, &visEvt= … as the link's parameters -->
<a href=${JSON.stringify(`${server}/chat?companyId=${encodeURIComponent(options.companyId)}`)} target="_blank" rel="noopener">${text.chat}</a>
<script>
  // Or build it in script, with a card the agent sees first:
  function openKefuChat(visEvt) {
    var chatLink = ${js(`${server}/chat?companyId=${encodeURIComponent(options.companyId)}`)};
    chatLink += '&echatTag=' + encodeURIComponent(${js(text.tag)});
    if (visEvt) chatLink += '&visEvt=' + encodeURIComponent(JSON.stringify(visEvt));
    window.open(chatLink);
  }
</script>`
    case 'sobot': {
      const color = options.brandColor ? options.brandColor.replace(/^#/, '') : null
      return `<!-- kefu: Sobot's zc widget, pointed at kefu -->
<script>
(function (w, d, e, x) {
  w[e] = function () {
    w.cbk = w.cbk || []
    w.cbk.push(arguments);
  }
  x = d.createElement("script");
  x.async = true;
  x.id = "zhichiScript";
  x.src = ${js(`${server}/loader.js?sysnum=${encodeURIComponent(options.companyId)}`)};
  d.body.appendChild(x);
})(window, document, "zc");
${color ? `zc("config", { color: ${js(color)} });\n` : ''}</script>`
    }
  }
}

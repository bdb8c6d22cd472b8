const CSS = `.kf{--kf-c:#1677ff;display:flex;flex-direction:column;height:100%;font:14px/1.5 system-ui,sans-serif;color:#222;background:#f5f6f7;position:relative}
.kf *{box-sizing:border-box}.kf :focus-visible{outline:2px solid var(--kf-c);outline-offset:2px}
.kf button{font:inherit;cursor:pointer}.kf button:disabled{cursor:default;opacity:.5}
.kf-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.kf-h{display:flex;align-items:center;gap:8px;padding:8px 12px;background:var(--kf-c);color:#fff}
.kf-h h1{font-size:15px;margin:0}.kf-h p{margin:0;font-size:12px;opacity:.9}.kf-h>div{flex:1;min-width:0}
.kf-h button{background:none;border:0;color:inherit;padding:4px 6px}
.kf-av{width:32px;height:32px;border-radius:50%;object-fit:cover}
.kf-l{flex:1;overflow-y:auto;padding:12px;margin:0;list-style:none}
.kf-m{display:flex;gap:6px;margin:8px 0;align-items:flex-start}.kf-m.v{flex-direction:row-reverse}
.kf-b{max-width:78%;padding:8px 10px;border-radius:8px;background:#fff;word-break:break-word;white-space:pre-wrap}
.kf-m.v .kf-b{background:var(--kf-c);color:#fff}.kf-m.v .kf-b a{color:inherit}
.kf-n{text-align:center;color:#888;font-size:12px;margin:8px 0}
.kf-b img,.kf-b video{max-width:100%;max-height:200px;display:block}
.kf-st{font-size:12px;color:#888;align-self:flex-end}.kf-st.f{color:#d4380d}
.kf-card{display:flex;gap:8px;white-space:normal}.kf-card img{width:64px;height:64px;object-fit:cover}
.kf-btn{background:var(--kf-c);color:#fff;border:0;border-radius:4px;padding:4px 12px}
.kf-lnk{background:none;border:0;color:var(--kf-c);padding:0;text-decoration:underline}
.kf-c{border-top:1px solid #e5e5e5;background:#fff;padding:8px;position:relative}
.kf-c textarea{width:100%;border:0;resize:none;min-height:48px;font:inherit}
.kf-tools{display:flex;gap:4px;align-items:center}.kf-tools .kf-btn{margin-left:auto}
.kf-tools>button:not(.kf-btn){background:none;border:0;padding:4px}
.kf-emo{position:absolute;bottom:100%;left:8px;display:grid;grid-template-columns:repeat(8,1fr);background:#fff;border:1px solid #ddd;padding:4px}
.kf-emo button{background:none;border:0;font-size:18px;padding:2px}
.kf-err{color:#d4380d;font-size:12px;margin:4px 0}
.kf-f{background:#fff;padding:12px;margin:8px;border-radius:8px;display:flex;flex-direction:column;gap:6px}
.kf-f h2{font-size:15px;margin:0}.kf-f input,.kf-f textarea{font:inherit;padding:4px;width:100%}
.kf-f fieldset{border:0;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:6px}
.kf-p{position:absolute;inset:0;background:#fff;display:flex;flex-direction:column;z-index:2}.kf-p iframe{flex:1;border:0}`

/** Adds the chat window's stylesheet to `doc` once. */
export function injectStyle(doc: Document | undefined = globalThis.document): void {
  if (!doc || doc.getElementById('kefu-cw')) return
  const style = doc.createElement('style')
  style.id = 'kefu-cw'
  style.textContent = CSS
  doc.head.appendChild(style)
}

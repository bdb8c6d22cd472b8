const CSS = `.kf{--kf-c:#146dea;--kf-t:#fff;--kf-a:#146dea;--bg:#f5f6f7;--fg:#1f1f1f;--bb:#fff;--mu:#595959;--ln:#d9d9d9;display:flex;flex-direction:column;height:100%;overflow:hidden;font:14px/1.5 system-ui;color:var(--fg);background:var(--bg);position:relative}
@media (prefers-color-scheme:dark){.kf{--bg:#141414;--fg:#e8e8e8;--bb:#262626;--mu:#a6a6a6;--ln:#434343}.kf *{--kf-a:var(--fg)}}
.kf *{box-sizing:border-box}.kf :focus-visible{outline:2px solid var(--kf-a);outline-offset:2px}.kf-h :focus-visible{outline-color:var(--kf-t)}
.kf button{font:inherit;color:inherit;cursor:pointer;background:none;border:0;padding:4px;border-radius:4px}.kf :disabled{cursor:default;opacity:.6}
.kf-sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.kf-h{display:flex;flex:none;align-items:center;gap:6px;padding:8px 12px;background:var(--kf-c);color:var(--kf-t)}
.kf h1,.kf h2{font-size:15px;margin:0}.kf-h p,.kf-f p{margin:0}.kf-h p{font-size:12px}.kf-h>div{flex:1;min-width:0}.kf-x:before{content:"✕"}.kf .kf-x{min-width:32px;min-height:32px}
@media (pointer:coarse){.kf .kf-x{order:-1;font-size:22px}.kf-x:before{content:"‹"}}
.kf-av{width:32px;height:32px;border-radius:50%;object-fit:cover}
.kf-l{flex:1;min-height:0;overflow-y:auto;padding:4px 12px}.kf-ol{margin:0;padding:0;list-style:none}
.kf-m{display:flex;gap:6px;margin:8px 0;align-items:flex-start}.kf-m.v{flex-direction:row-reverse}
.kf-b{max-width:78%;padding:8px 10px;border-radius:8px;background:var(--bb);word-break:break-word;white-space:pre-wrap}
.kf-m.v .kf-b,.kf .kf-btn{background:var(--kf-c);color:var(--kf-t)}.kf-m.v .kf-b a{color:inherit}
.kf-n,.kf-st{text-align:center;color:var(--mu);font-size:12px;margin:8px 0}.kf-ty{min-height:18px;margin:0}
.kf-b img,.kf-b video{max-width:100%;max-height:200px;display:block}
.kf-st{align-self:flex-end;margin:0}.kf .f,.kf-err{color:#cf1322;font-size:12px}
.kf-card{display:flex;gap:8px;white-space:normal}.kf-card img{width:64px;height:64px;object-fit:cover}
.kf-order b,.kf-html [style*=color],.kf .kf-lnk{color:var(--kf-a)!important}
.kf .kf-btn{padding:4px 12px}.kf .kf-lnk{padding:0;text-decoration:underline}
.kf-c{flex:none;border-top:1px solid var(--ln);background:var(--bb);padding:8px;position:relative}
.kf-c textarea{width:100%;border:0;resize:none;min-height:48px;font:inherit;color:inherit;background:none}
.kf-tools{display:flex;gap:4px;align-items:center}.kf-tools .kf-btn{margin-left:auto}
.kf-emo{position:absolute;bottom:100%;left:8px;display:grid;grid-template-columns:repeat(8,1fr);background:var(--bb);border:1px solid var(--ln)}.kf-emo button{font-size:18px}
.kf-f{background:var(--bb);padding:12px;margin:8px 0;border-radius:8px;display:flex;flex-direction:column;gap:6px;flex:none}
.kf-f input,.kf-f textarea{font:inherit;padding:4px;width:100%;color:inherit;background:var(--bg);border:1px solid var(--ln)}
.kf-f [type=radio],.kf-f [type=checkbox]{width:auto;margin:0 4px 0 0;vertical-align:middle}
.kf-f fieldset{border:0;padding:0;margin:0;display:flex;flex-wrap:wrap;gap:6px 14px}
.kf-p{position:absolute;inset:0;background:var(--bb);display:flex;flex-direction:column;z-index:2}.kf-p iframe{flex:1;border:0}`

/** Adds the chat window's stylesheet to `doc` once. */
export function injectStyle(doc: Document | undefined = globalThis.document): void {
  if (!doc || doc.getElementById('kefu-cw')) return
  const style = doc.createElement('style')
  style.id = 'kefu-cw'
  style.textContent = CSS
  doc.head.appendChild(style)
}

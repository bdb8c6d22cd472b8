import { describe, expect, it } from 'vitest'
import { readChatParams, readLauncherParams } from '../src/params'

// The small host reads its few parameters without readChatParams' validators: both must agree.
const CASES: Record<string, unknown>[] = [
  { sysnum: '3542411be2184c8cb6b48d66ca1b2730', color: '04babc', location: 1, custom: true },
  { companyId: 12191, lan: 'zh', chatWindowParam: { maxWidth: 900, name: 'echatChatWindow', width: 1000, height: 700 } },
  { companyId: '12191', locale: 'en', color: '#04BABC', location: '2', manual: 'true', auto_expand: 1, anchor: 'false', invite: '1' },
  { sysnum: 'c1', locale: 'tw', chatWindowParam: JSON.stringify({ features: 'width=500,height=400,left=10' }) },
  // Odd values: each reader leaves them out the same way.
  { companyId: 'x'.repeat(65), color: 'red', location: 3, custom: 'yes', invite: {}, chatWindowParam: '{not json' },
  { sysnum: ' c2 ', locale: 'ja', chatWindowParam: { width: '800px', height: -1, features: 'width=1;alert(1)' } },
]

describe('readLauncherParams', () => {
  it.each(CASES)('reads %j as readChatParams does', (raw) => {
    const full = readChatParams(raw)
    const popup = full.chatWindow ?? {}
    expect(readLauncherParams(raw)).toEqual({
      companyId: full.companyId,
      locale: full.locale,
      themeColor: full.ui.themeColor,
      left: full.entrance.position === 'left',
      custom: full.entrance.customButtons,
      manual: full.entrance.manual,
      autoExpand: full.entrance.autoExpand,
      anchor: full.entrance.openInNewWindow,
      invite: full.entrance.invitation?.enabled,
      popupName: popup.name,
      popupFeatures: popup.features ?? `width=${popup.width ?? 800},height=${popup.height ?? 640}`,
    })
  })
})

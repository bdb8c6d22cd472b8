import type { DeskLocale } from './i18n'

/** Apps and browsers named as a Chinese agent knows them (微信, QQ浏览器, …), most specific first. */
const BROWSERS: readonly (readonly [RegExp, string, string])[] = [
  [/MicroMessenger/i, '微信', 'WeChat'],
  [/wxwork/i, '企业微信', 'WeCom'],
  [/DingTalk/i, '钉钉', 'DingTalk'],
  [/AlipayClient/i, '支付宝', 'Alipay'],
  [/Weibo/i, '微博', 'Weibo'],
  [/MQQBrowser|QQBrowser/i, 'QQ浏览器', 'QQ Browser'],
  [/\bQQ\//i, 'QQ', 'QQ'],
  [/UCBrowser/i, 'UC浏览器', 'UC Browser'],
  [/Quark/i, '夸克', 'Quark'],
  [/Baidu(?:Browser|boxapp)/i, '百度', 'Baidu'],
  [/360SE|360EE|QihooBrowser/i, '360浏览器', '360 Browser'],
  [/HuaweiBrowser/i, '华为浏览器', 'Huawei Browser'],
  [/MiuiBrowser/i, '小米浏览器', 'Mi Browser'],
  [/SamsungBrowser/i, 'Samsung Internet', 'Samsung Internet'],
  [/Edg(?:e|A|iOS)?\//i, 'Edge', 'Edge'],
  [/OPR\/|Opera/i, 'Opera', 'Opera'],
  [/Firefox|FxiOS/i, 'Firefox', 'Firefox'],
  [/Chrome|CriOS|Chromium/i, 'Chrome', 'Chrome'],
  [/Safari/i, 'Safari', 'Safari'],
]

const DEVICES: readonly (readonly [RegExp, string])[] = [
  [/iPhone/i, 'iPhone'],
  [/iPad/i, 'iPad'],
  [/HarmonyOS|OpenHarmony/i, 'HarmonyOS'],
  [/Android/i, 'Android'],
  [/Windows/i, 'Windows'],
  [/Macintosh|Mac OS X/i, 'Mac'],
  [/CrOS/i, 'ChromeOS'],
  [/Linux/i, 'Linux'],
]

/** `iPhone · 微信`, `Windows · Chrome`: the device and the browser (or app) of a user agent; `''` when unknown. */
export function userAgentLabel(userAgent: string | undefined, locale: DeskLocale): string {
  if (!userAgent) return ''
  const device = DEVICES.find(([pattern]) => pattern.test(userAgent))?.[1]
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))
  const name = browser ? (locale === 'en' ? browser[2] : browser[1]) : undefined
  return [device, name].filter(Boolean).join(' · ')
}

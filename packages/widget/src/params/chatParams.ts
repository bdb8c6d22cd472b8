import type { Locale } from '../i18n/locale'
import type { EntryData, NormalizedVisitorIdentity, OrderCard, ProductCard, RoutingRequest, VisitorIdentity } from '@kefu/core'

/** The chat window's languages (one definition, in i18n). */
export type ChatLocale = Locale

/** A parameter whose value was malformed and ignored; `param` is its path, e.g. `chatWindowParam.width`. */
export interface ParamProblem {
  readonly param: string
  readonly message: string
}

/** Sobot `source`: 0 desktop site, 1 WeChat, 2 app, 3 Weibo, 4 mobile site, 9 WeCom, 10 WeChat mini program. */
export type SobotSource = 0 | 1 | 2 | 3 | 4 | 9 | 10

/** Echat `chatWindowParam`: the window a chat opens in (new tab or `window.open` popup). Sizes in px. */
export interface ChatWindowParam {
  /** The `window.open` window name. */
  readonly name?: string
  readonly width?: number
  readonly height?: number
  /** `window.open` features; when given, `width` and `height` are not used. */
  readonly features?: string
  /** The chat area's largest size; absent: the window's size. */
  readonly maxWidth?: number
  readonly maxHeight?: number
  /** Page background around a smaller chat area; absent: `#ffffff`. */
  readonly bgColor?: string
  /** Page background image (http(s)); when given, `bgColor` is not used. */
  readonly bgImage?: string
  /** 0 centred at its size (default), 1 stretched, 2 tiled. */
  readonly bgRepeat?: 0 | 1 | 2
}

/**
 * The in-page (mini) chat window: Echat `pcMiniWinParam`, Sobot `width`/`height`/`container_style`.
 * Absent fields: the admin's style settings.
 */
export interface MiniWindowParam {
  /** Left margin in px; when not 0 the window sits on the left (wins over `right`). */
  readonly left?: number
  readonly right?: number
  readonly bottom?: number
  /** Show the minimise, maximise and close buttons. */
  readonly min?: boolean
  readonly max?: boolean
  readonly close?: boolean
  readonly width?: number
  readonly height?: number
  /** Sobot `container_style`: extra CSS declarations for the window (not width or height). */
  readonly containerStyle?: Readonly<Record<string, string>>
}

/** Where a button sends the visitor instead of the built-in flow. */
export interface ChatRedirect {
  /** An http(s) URL. */
  readonly url: string
  readonly newWindow: boolean
}

/**
 * Page switches for the chat window. Each is absent unless the page set it; absent means the admin's
 * setting, or the default given here.
 */
export interface ChatUiOptions {
  /** Sobot `leave_msg_flag` (1 on, 0 off): the leave-message button in the input menu. Default on. */
  readonly leaveMessageButton?: boolean
  /** Sobot `msg_flag`, inverted (1 off, 0 on): the leave-message entry after a chat ends. Default on. */
  readonly leaveMessageAfterEnd?: boolean
  /** Sobot `feedback_flag` (1 on, 0 off): the evaluate button once a chat has started. Default on. */
  readonly evaluationButton?: boolean
  /** Sobot `show_evaluate` (1 on, 0 off): ask for an evaluation when the visitor closes the chat. Default off. */
  readonly evaluateOnClose?: boolean
  /** Sobot `satDegree_A` (true/false): the visitor may still evaluate after the agent ends the chat. Default off. */
  readonly visitorMayEvaluateAfterAgentEnds?: boolean
  /** Sobot `photo_flag` (1 on, 0 off): file and image uploads in a human chat. Default on. */
  readonly uploads?: boolean
  /** Sobot `emoji_state` (`hide` hides): the emoji button in a human chat. Default shown. */
  readonly emoji?: boolean
  /** Sobot `is_link` (0 off, anything else on): links in messages open. Default on. */
  readonly autoLink?: boolean
  /** Sobot `show_face` (1 on): agent avatars, and the visitor's when `face` is given. Default off. */
  readonly showAvatars?: boolean
  /** Sobot `time`: minutes of history shown, clamped to 10–2880; absent: all history. */
  readonly historyMinutes?: number
  /** Sobot `top_bar_flag` (1 on, 0 off): the top bar with a back button (mobile). Absent: the chat window's default. */
  readonly topBar?: boolean
  /**
   * Sobot `title_flag` (1 company name, 2 custom text, 3 agent nickname) and `custom_title` (1–30
   * characters, also the document title). `custom_title` alone means `custom`. Default: company.
   */
  readonly title?: { readonly mode: 'company' | 'custom' | 'agent'; readonly text?: string }
  /** Sobot `robot_hello_word`, `agent_hello_word`, `agent_offline_title`. Default: the admin's texts. */
  readonly robotHelloWord?: string
  readonly agentHelloWord?: string
  readonly agentOfflineTitle?: string
  /** Sobot `to_customsys_flag`/`_url`/`_open_style` (1 new window, 0 this page): "talk to a human" opens this page. Default off. */
  readonly humanRedirect?: ChatRedirect
  /** Sobot `leave_customsys_flag`/`_url`: "leave a message" opens this page. Default off. */
  readonly leaveMessageRedirect?: { readonly url: string }
  /** Sobot `color` (six hex digits, no `#`) or `#rrggbb`: the theme colour, as `#rrggbb`. Default: the admin's. */
  readonly themeColor?: string
  /** Sobot `reload` or `refresh` (true/false): reload the chat each time it is expanded. Default off. */
  readonly reloadOnOpen?: boolean
  /** Sobot `guide_flag` (1 on, 0 off): the robot's guide questions. Default: the admin's. */
  readonly robotGuide?: boolean
  /** Sobot `show_manual` (1 on, 0 off): show "talk to a human" only after the robot misses some questions. Default off. */
  readonly delayedHumanButton?: boolean
  /** Sobot `cut_flag` (`hide` hides): the screenshot tool (desktop). Default shown. */
  readonly screenshot?: boolean
  /** Sobot `faqid`: the robot's FAQ group. */
  readonly faqGroupId?: string
}

/** Sobot's invitation pop-up (`invite`, `tip_title`, …). */
export interface InvitationOptions {
  /** `invite` (1 on, 0 off). Default off. */
  readonly enabled: boolean
  readonly tipTitle?: string
  readonly submitTitle?: string
  /** `first_timeout`: seconds after the page loads. */
  readonly firstTimeoutSeconds?: number
  /** `over_timeout`: seconds after a refusal before inviting again. */
  readonly overTimeoutSeconds?: number
  /** `invite_count`: invitations per day at most. */
  readonly perDay?: number
  /** `invite_imgsrc`: the pop-up's logo, http(s). */
  readonly imageUrl?: string
}

/** How the visitor gets to the chat; absent fields take the defaults given. */
export interface EntranceOptions {
  /** Sobot `custom` (true/false): no default button; elements with class `zhiCustomBtn` open the chat. Default off. */
  readonly customButtons?: boolean
  /** Sobot `manual` (true/false): the widget waits for `zc('frame_manual')`. Default off. */
  readonly manual?: boolean
  /** Sobot `auto_expand` (true/false): open the chat when the visitor arrives. Default off. */
  readonly autoExpand?: boolean
  /** Sobot `anchor` (true/false): the button opens the chat in a new window, not in the page. Default off. */
  readonly openInNewWindow?: boolean
  /** Sobot `location` (1 bottom right, 2 bottom left). Default right. */
  readonly position?: 'right' | 'left'
  /** Sobot `expand_size` (mobile): the chat opens half or full screen. Default full. */
  readonly expandSize?: 'half' | 'full'
  /** Sobot `gif` (1 on, 0 off): the animated entrance icon. Default off. */
  readonly animatedIcon?: boolean
  readonly invitation?: InvitationOptions
  /** Sobot `invite_flag`, inverted (true off): agents may invite this visitor. Default on. */
  readonly allowAgentInvite?: boolean
}

/** Sobot browsing trace: `man_trace` (default off) and the pages' `pre_visit_args` / `cur_visit_args`. */
export interface ChatTrace {
  readonly enabled: boolean
  readonly pre?: Readonly<Record<string, string>>
  readonly cur?: Readonly<Record<string, string>>
}

/** Everything the Echat and Sobot APIs let a page or a chat link configure, normalised. */
export interface ChatParams {
  /** Echat `companyId` or Sobot `sysnum`. */
  readonly companyId?: string
  /** From Sobot `locale` (cn, en, tw) or else Echat `lan`; default zh-CN. */
  readonly locale: ChatLocale
  /** Sobot `source`: the channel. */
  readonly source?: SobotSource
  readonly entry: EntryData
  readonly identity: NormalizedVisitorIdentity
  readonly routing: RoutingRequest
  /** Echat `visEvt`, Sobot `card_*`, Sobot order fields, in that order. */
  readonly cards: readonly (ProductCard | OrderCard)[]
  readonly chatWindow?: ChatWindowParam
  readonly miniWindow?: MiniWindowParam
  readonly ui: ChatUiOptions
  readonly entrance: EntranceOptions
  readonly trace?: ChatTrace
  /** Every value that was malformed and ignored. */
  readonly problems: readonly ParamProblem[]
}

/** What `chatParamsToQuery` takes: a `ChatParams`, or any part of one. */
export interface ChatParamsInput {
  readonly companyId?: string | number
  readonly locale?: ChatLocale
  readonly source?: SobotSource
  readonly entry?: EntryData
  readonly identity?: VisitorIdentity
  readonly routing?: RoutingRequest
  readonly cards?: readonly (ProductCard | OrderCard)[]
  readonly chatWindow?: ChatWindowParam
  readonly miniWindow?: MiniWindowParam
  readonly ui?: ChatUiOptions
  readonly entrance?: EntranceOptions
  readonly trace?: ChatTrace
}

/** A chat link's query (with or without `?`, or the whole link), its URLSearchParams, or a config object. */
export type ChatParamsSource = URLSearchParams | string | Readonly<Record<string, unknown>>

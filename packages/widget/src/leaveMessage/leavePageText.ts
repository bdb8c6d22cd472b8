import type { Locale } from '../i18n/locale'

/**
 * The few strings only the standalone leave-message page shows. They live in its own bundle so the
 * chat window's locale scripts (counted in its size budget) do not carry them; the form's labels,
 * errors and thanks are the chat window's `leave.*` strings.
 */
export interface LeavePageText {
  readonly intro: string
  /** After the label of a required field. */
  readonly required: string
  /** The accessible name of the 工单插件 card. */
  readonly card: string
  /** The link has no `sysnum`. */
  readonly noCompany: string
}

export const LEAVE_PAGE_TEXT: Readonly<Record<Locale, LeavePageText>> = {
  'zh-CN': {
    intro: '请留下您的问题，我们会尽快处理并回复您。',
    required: '（必填）',
    card: '咨询的内容',
    noCompany: '这个留言链接缺少 sysnum 参数，无法提交留言。',
  },
  'zh-TW': {
    intro: '請留下您的問題，我們會盡快處理並回覆您。',
    required: '（必填）',
    card: '諮詢的內容',
    noCompany: '這個留言連結缺少 sysnum 參數，無法提交留言。',
  },
  en: {
    intro: 'Leave us your question and we will get back to you as soon as we can.',
    required: ' (required)',
    card: 'What this is about',
    noCompany: 'This leave-message link has no sysnum, so no message can be sent.',
  },
}

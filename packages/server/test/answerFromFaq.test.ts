import { describe, expect, it } from 'vitest'
import { answerFromFaq, asksForHuman } from '../src/chat/answerFromFaq'
import type { Faq } from '../src/store/faqStore'

const FAQS: Faq[] = [
  { faqId: 'returns', question: '如何退货？', answer: '七天无理由退货。', keywords: '退款，换货' },
  { faqId: 'shipping', question: '多久发货', answer: '48小时内发货。', keywords: '快递;物流' },
  { faqId: 'hours', question: 'What are your opening hours?', answer: '9 to 18, Monday to Friday.', keywords: 'open, schedule' },
  { faqId: 'payment', question: 'Which payment methods do you accept?', answer: 'Cards, Alipay and WeChat Pay.', keywords: 'alipay wechat' },
]

const match = (question: string, threshold?: number) => answerFromFaq(FAQS, question, threshold)?.faqId

describe('answerFromFaq', () => {
  it('matches Chinese questions by character bigrams, punctuation aside', () => {
    expect(match('如何退货')).toBe('returns')
    expect(match('如何退货？')).toBe('returns')
    expect(match('退货')).toBe('returns')
    expect(match('多久发货？')).toBe('shipping')
  })

  it('matches Chinese keywords, whichever comma or semicolon separates them', () => {
    expect(match('退款')).toBe('returns') // separated by a full-width comma
    expect(match('换货')).toBe('returns')
    expect(match('快递')).toBe('shipping') // separated by a semicolon
    expect(match('物流')).toBe('shipping')
  })

  it('matches English questions by words, case-insensitively', () => {
    expect(match('opening hours')).toBe('hours')
    expect(match('WHAT ARE YOUR OPENING HOURS')).toBe('hours')
    expect(match('which payment methods?')).toBe('payment')
  })

  it('matches English keywords', () => {
    expect(match('When are you open?')).toBe('hours') // "open" is a keyword, "are" is in the question
    expect(match('Do you take Alipay?')).toBe('payment')
    expect(match('schedule')).toBe('hours')
  })

  it('answers with the best scoring entry, not the first that passes', () => {
    const faqs: Faq[] = [
      { faqId: 'loose', question: 'refund shipping policy', answer: 'a', keywords: '' },
      { faqId: 'close', question: 'refund shipping cost', answer: 'b', keywords: '' },
    ]
    // Both pass the threshold (2 of 3 terms, 3 of 3); the better one answers, wherever it is listed.
    expect(answerFromFaq(faqs, 'refund shipping cost')?.faqId).toBe('close')
    expect(answerFromFaq([...faqs].reverse(), 'refund shipping cost')?.faqId).toBe('close')
    expect(answerFromFaq(faqs, 'refund shipping policy')?.faqId).toBe('loose')
  })

  it('needs the share of matched question terms to reach the threshold', () => {
    // "opening hours of your payment": opening, hours, of, your, payment → hours FAQ has 3 of 5 (60 %).
    expect(match('opening hours of your payment')).toBe('hours')
    expect(match('opening hours of your payment', 0.61)).toBeUndefined()
    expect(match('opening hours of your payment', 0.6)).toBe('hours')
    // One term of four (25 %) is below the default threshold.
    expect(match('hours for the shop')).toBeUndefined()
    expect(match('hours for the shop', 0.25)).toBe('hours')
  })

  it('gives nothing for unrelated questions, greetings, single letters and empty text', () => {
    expect(match('What is the weather today')).toBeUndefined()
    expect(match('你好')).toBeUndefined()
    expect(match('退')).toBeUndefined() // one character: no bigram to match
    expect(match('a')).toBeUndefined() // one-letter words are not terms
    expect(match('？！…')).toBeUndefined()
    expect(match('')).toBeUndefined()
    expect(answerFromFaq([], '如何退货')).toBeUndefined()
  })
})

describe('natural Chinese phrasing around a keyword', () => {
  it('matches when the question contains one of the entry’s keywords, however it is worded', () => {
    const faqs: Faq[] = [
      { faqId: 'returns', question: '如何退货', answer: 'A', keywords: '退货 退款' },
      { faqId: 'shipping', question: '多久发货', answer: 'B', keywords: '发货,快递' },
    ]
    expect(answerFromFaq(faqs, '怎么退货')?.faqId).toBe('returns')
    expect(answerFromFaq(faqs, '我想退货可以吗')?.faqId).toBe('returns')
    expect(answerFromFaq(faqs, '什么时候发货')?.faqId).toBe('shipping')
    expect(answerFromFaq(faqs, '快递到哪了')?.faqId).toBe('shipping')
    // More keywords found wins.
    expect(answerFromFaq(faqs, '退货以后退款要多久')?.faqId).toBe('returns')
    // English keywords match whole words only.
    expect(answerFromFaq([{ faqId: 'pay', question: 'Payment', answer: 'C', keywords: 'pay' }], 'repay my loan')).toBeUndefined()
  })
})

describe('asksForHuman', () => {
  it('recognises requests for a person in Chinese and English', () => {
    for (const text of ['转人工', '我要转人工！', '人工客服', '找人工', '轉人工', 'agent', 'Agent please', 'I want a HUMAN', 'talk to a real person', 'representative']) {
      expect(asksForHuman(text), text).toBe(true)
    }
  })

  it('does not fire on ordinary questions', () => {
    for (const text of ['如何退货', '你好', '人工智能', 'What are your opening hours?', 'hello', '', 'an inhuman price', 'reagents', 'agentic AI']) {
      expect(asksForHuman(text), text).toBe(false)
    }
  })
})

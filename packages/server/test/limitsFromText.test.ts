import { describe, expect, it } from 'vitest'
import { DEFAULT_LIMITS } from '../src/realtime/frameChannel'
import { limitOptionName, limitsFromText } from '../src/realtime/limitsFromText'

describe('flood limits from the command line and KEFU_LIMITS', () => {
  it('reads name=value items, repeated or comma-separated, in kebab-case', () => {
    expect(limitsFromText(['address-frame-burst=400', 'address-frames-per-second=200, new-visitors-per-address-per-minute=1000'])).toEqual({
      addressFrameBurst: 400,
      addressFramesPerSecond: 200,
      newVisitorsPerAddressPerMinute: 1000,
    })
    expect(limitsFromText([])).toEqual({})
    expect(limitsFromText([' , '])).toEqual({})
  })

  it('has a name for every limit the server knows', () => {
    const all = Object.keys(DEFAULT_LIMITS).map((key) => `${limitOptionName(key)}=7`)
    expect(Object.keys(limitsFromText(all)).sort()).toEqual(Object.keys(DEFAULT_LIMITS).sort())
  })

  it('refuses unknown names and values that are not positive whole numbers, naming the item', () => {
    expect(() => limitsFromText(['frame-bursts=10'])).toThrow(/unknown limit "frame-bursts" in "frame-bursts=10"; the limits are: max-frame-bytes, /)
    expect(() => limitsFromText(['frameBurst=10'])).toThrow(/unknown limit "frameBurst"/)
    for (const bad of ['frame-burst=0', 'frame-burst=-5', 'frame-burst=1.5', 'frame-burst=ten', 'frame-burst=', 'frame-burst', 'frame-burst=1=2', 'frame-burst=1e3']) {
      expect(() => limitsFromText([bad]), bad).toThrow(`the limit frame-burst needs a positive whole number, as in frame-burst=${DEFAULT_LIMITS.frameBurst}, not "${bad}"`)
    }
  })
})

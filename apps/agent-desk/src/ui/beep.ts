/** A short two-tone beep made with WebAudio, so no audio file is needed. Fails silently when audio is not allowed. */
let context: AudioContext | null = null

export function beep(): void {
  try {
    const Ctor = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
    if (!Ctor) return
    context ??= new Ctor()
    // Browsers start the context suspended until a user gesture; the sound toggle is one.
    if (context.state === 'suspended') void context.resume()
    const now = context.currentTime
    const gain = context.createGain()
    gain.gain.setValueAtTime(0.0001, now)
    gain.gain.exponentialRampToValueAtTime(0.2, now + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.0001, now + 0.3)
    gain.connect(context.destination)
    const osc = context.createOscillator()
    osc.type = 'sine'
    osc.frequency.setValueAtTime(880, now)
    osc.frequency.setValueAtTime(1320, now + 0.12)
    osc.connect(gain)
    osc.start(now)
    osc.stop(now + 0.32)
  } catch {
    // No sound is better than a broken workbench.
  }
}

/** Call from a user gesture (the toggle): lets later beeps play. */
export function unlockAudio(): void {
  try {
    const Ctor = globalThis.AudioContext
    if (!Ctor) return
    context ??= new Ctor()
    if (context.state === 'suspended') void context.resume()
  } catch {
    // ignore
  }
}

import { useEffect, useRef, useState } from 'react'
import { selectTotalUnread } from '../desk'
import { beep, unlockAudio } from './beep'
import { useDesk, useDeskStore } from './useDesk'

const SOUND_KEY = 'kefu.desk.sound'

function readSound(): boolean {
  try {
    return globalThis.localStorage?.getItem(SOUND_KEY) === 'on'
  } catch {
    return false
  }
}

/**
 * The new-message notice: `(N) title` while messages are unread and the tab is hidden, and a beep for
 * each new visitor message when the agent turned sound on (a user gesture, so the browser allows it).
 */
export function useNewMessageNotice(baseTitle: string): { sound: boolean; toggleSound(): void } {
  const desk = useDeskStore()
  const unread = useDesk(selectTotalUnread)
  const [sound, setSound] = useState(readSound)
  const soundRef = useRef(sound)
  soundRef.current = sound
  const [hidden, setHidden] = useState(() => typeof document !== 'undefined' && document.visibilityState === 'hidden')

  useEffect(() => {
    const update = () => setHidden(document.visibilityState === 'hidden')
    document.addEventListener('visibilitychange', update)
    return () => document.removeEventListener('visibilitychange', update)
  }, [])

  useEffect(() => {
    document.title = unread > 0 && hidden ? `(${unread}) ${baseTitle}` : baseTitle
  }, [unread, hidden, baseTitle])

  useEffect(
    () =>
      desk.on('message', ({ message }) => {
        if (message.sender === 'visitor' && soundRef.current && (document.visibilityState === 'hidden' || !document.hasFocus())) beep()
      }),
    [desk],
  )

  return {
    sound,
    toggleSound() {
      const next = !sound
      if (next) unlockAudio()
      try {
        globalThis.localStorage?.setItem(SOUND_KEY, next ? 'on' : 'off')
      } catch {
        // not remembered, still switched
      }
      setSound(next)
    },
  }
}

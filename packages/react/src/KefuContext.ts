'use client'
import { createContext } from 'react'
import type { ChatClient } from '@kefu/core'

export const KefuContext = createContext<ChatClient | null>(null)

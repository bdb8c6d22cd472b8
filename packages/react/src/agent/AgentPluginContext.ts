'use client'
import { createContext } from 'react'
import type { AgentPlugin } from '@kefu/agent'

export const AgentPluginContext = createContext<AgentPlugin | null>(null)

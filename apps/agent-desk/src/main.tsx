import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createDesk } from './desk'
import { App } from './ui/App'
import './styles.css'

const desk = createDesk()
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App desk={desk} />
  </StrictMode>,
)

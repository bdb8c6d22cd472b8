import { HeadlessChat } from '../../../components/HeadlessChat'

export default function SupportPage() {
  return (
    <>
      <h1>
        在线客服 <small>Support — built from the hooks only, no widget</small>
      </h1>
      <HeadlessChat />
    </>
  )
}

import { SignInForm } from '../../../components/SignInForm'

export default async function SignInPage({ searchParams }: { readonly searchParams: Promise<{ error?: string | string[] }> }) {
  const failed = (await searchParams).error === 'credentials'

  return (
    <section className="panel narrow">
      <h1>
        登录 <small>Sign in</small>
      </h1>
      <SignInForm initialError={failed ? '用户名或密码错误 Wrong username or password' : null} />
      <p className="muted">演示账号 Demo accounts: lily / tom，密码 password kefu-demo-2026</p>
    </section>
  )
}

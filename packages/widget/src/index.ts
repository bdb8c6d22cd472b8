export * from './params'
export * from './compat'
export * from './i18n'
export * from './bridge'

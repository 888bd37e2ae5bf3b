// oidc-provider ships no types (and @types/oidc-provider is not installed): the test drives it loosely.
declare module 'oidc-provider' {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const Provider: new (issuer: string, configuration: Record<string, unknown>) => any;
  export default Provider;
}

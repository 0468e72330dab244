/** The development OpenID provider as a process (see oidc-provider-process.ts): options from the environment, stopped by SIGTERM. */
import { OPTIONS_VARIABLE, type DevOidcProviderOptions } from './oidc-provider-process';
import { startDevOidcProvider } from './oidc-provider';

async function main(): Promise<void> {
  const options = JSON.parse(process.env[OPTIONS_VARIABLE] ?? '') as DevOidcProviderOptions;
  const provider = await startDevOidcProvider(options);
  const stop = (): void => void provider.close().finally(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { randomBytes } from 'node:crypto';

/**
 * What production needs besides DATABASE_URL, with secrets generated for this call: production
 * refuses the published development values and any written-out one (validateEnvironment).
 */
export function productionEnvironment(): Record<string, string> {
  return {
    NODE_ENV: 'production',
    AUTH_JWT_SECRET: randomBytes(32).toString('base64'),
    AUTH_ISSUER: 'https://login.example.nl',
    AUTH_AUDIENCE: 'placement-engine',
    SMTP_URL: 'smtp://127.0.0.1:1025',
    BSN_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    BSN_HASH_KEY: randomBytes(32).toString('base64'),
  };
}

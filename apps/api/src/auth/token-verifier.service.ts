import { Injectable } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { authAudience, DEVELOPMENT_SECRET, Environment } from '../../../../libs/config/src/environment';
import { principalFromClaims, type Principal } from './principal';

/**
 * Verifies bearer tokens: HS256 with the configured secret, or the keys of an OIDC issuer (its
 * JWKS, found through its discovery document, as the web app finds its endpoints).
 */
@Injectable()
export class TokenVerifier {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  private issuerKeys?: Promise<JWTVerifyGetKey>;

  constructor(private readonly env: Environment) {
    if (env.OIDC_ISSUER) {
      // The key set is looked up on the first token, and again after a failed lookup.
      this.jwks = async (header, token) => {
        this.issuerKeys ??= this.discoverKeys().catch((error: unknown) => {
          this.issuerKeys = undefined;
          throw error;
        });
        return (await this.issuerKeys)(header, token);
      };
    }
    const secret = env.AUTH_JWT_SECRET ?? (env.NODE_ENV === 'production' ? undefined : DEVELOPMENT_SECRET);
    if (secret) this.secret = new TextEncoder().encode(secret);
  }

  /**
   * Tokens verified lately, until their expiry and at most a minute: a client sends the same token
   * with every request, and checking its signature again was an eighth of the API's CPU. Only
   * the signature and the claims are remembered; the user directory is still asked every request.
   */
  private readonly verified = new Map<string, { principal: Principal; until: number }>();

  /** The principal of a valid token, or the reason it is not valid. */
  async verify(token: string): Promise<Principal | string> {
    const known = this.verified.get(token);
    if (known && Date.now() < known.until) return { ...known.principal, roles: [...known.principal.roles] };
    if (known) this.verified.delete(token);
    const result = await this.verifySignature(token);
    if (typeof result === 'string') return result;
    if (typeof result.principal === 'string') return result.principal;
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, { principal: { ...result.principal, roles: [...result.principal.roles] }, until: Math.min(result.expiresAt, Date.now() + VERIFIED_TOKEN_MS) });
    return result.principal;
  }

  /** The token's claims as a principal (or why they describe none) and its expiry, or why it is not valid. */
  private async verifySignature(token: string): Promise<{ principal: Principal | string; expiresAt: number } | string> {
    try {
      const options = { audience: authAudience(this.env), clockTolerance: 30 };
      const { payload } =
        this.jwks && !isHs256(token)
          ? await jwtVerify(token, this.jwks, { ...options, issuer: this.env.OIDC_ISSUER })
          : this.secret
            ? await jwtVerify(token, this.secret, { ...options, algorithms: ['HS256'], issuer: this.env.AUTH_ISSUER })
            : (() => {
                throw new Error('no key to verify this token with');
              })();
      if (typeof payload.exp !== 'number') return 'the token has no expiry (exp)';
      return { principal: principalFromClaims(payload as Record<string, unknown>), expiresAt: payload.exp * 1000 };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') return 'the token has expired';
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return 'the token signature is not valid';
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (error as { claim?: string }).claim === 'aud') return 'the token is not for this API (aud)';
      if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (error as { claim?: string }).claim === 'iss') return 'the token is not from the configured issuer (iss)';
      return 'the token is not a valid bearer token';
    }
  }

  /** The issuer's key set at the jwks_uri of its discovery document (/.well-known/openid-configuration). */
  private async discoverKeys(): Promise<JWTVerifyGetKey> {
    const issuer = this.env.OIDC_ISSUER!.replace(/\/$/, '');
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(this.env.DEPENDENCY_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`the issuer's discovery document answered ${response.status}`);
    const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== 'string') throw new Error("the issuer's discovery document names no jwks_uri");
    return createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: this.env.DEPENDENCY_TIMEOUT_MS });
  }

  /** Development only: a token for a principal, signed with the secret. */
  async mint(principal: Principal, ttlSeconds = 8 * 3600): Promise<string> {
    if (!this.secret) throw new Error('No signing secret configured.');
    return new SignJWT({ org: principal.organisationId, orgType: principal.organisationType, roles: principal.roles })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .setAudience(authAudience(this.env))
      .setIssuer(this.env.AUTH_ISSUER ?? 'placement-engine-development')
      .sign(this.secret);
  }
}

const VERIFIED_TOKENS_KEPT = 10_000;
const VERIFIED_TOKEN_MS = 60_000;

function isHs256(token: string): boolean {
  try {
    return JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).alg === 'HS256';
  } catch {
    return false;
  }
}

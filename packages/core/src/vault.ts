import { fromBase64, fromUtf8, randomBytes, toBase64Url, utf8 } from './encoding';
import { MedflowError } from './errors';

/**
 * Sealed format: `v1.<kid>.<iv b64url>.<ciphertext+tag b64url>`. The key id travels with the
 * value so a vault holding old and new keys opens both while sealing only with the active one.
 */
const VERSION = 'v1';

export class VaultError extends MedflowError {
  constructor(
    code: 'vault_unknown_key' | 'vault_tampered' | 'vault_malformed' | 'vault_config',
    message: string,
  ) {
    super(message, { code, status: 500 });
  }
}

export interface TokenVaultOptions {
  /** kid → 32-byte key, as bytes or base64/base64url. */
  keys: Record<string, Uint8Array | string>;
  activeKid: string;
}

export interface TokenVault {
  readonly activeKid: string;
  seal(plaintext: string, associatedData?: string): Promise<string>;
  open(sealed: string, associatedData?: string): Promise<string>;
  sealJson(value: unknown, associatedData?: string): Promise<string>;
  openJson<T = unknown>(sealed: string, associatedData?: string): Promise<T>;
  /** The kid a sealed value was sealed with, to find values that need re-sealing after rotation. */
  kidOf(sealed: string): string;
}

export function createTokenVault(options: TokenVaultOptions): TokenVault {
  const keys = new Map<string, Promise<CryptoKey>>();
  for (const [kid, material] of Object.entries(options.keys)) {
    if (!/^[A-Za-z0-9_-]+$/.test(kid))
      throw new VaultError('vault_config', `Key id "${kid}" must be [A-Za-z0-9_-]+`);
    const raw = typeof material === 'string' ? fromBase64(material) : material;
    if (raw.length !== 32)
      throw new VaultError('vault_config', `Key "${kid}" must be 32 bytes for AES-256-GCM`);
    keys.set(
      kid,
      crypto.subtle.importKey('raw', raw as Uint8Array<ArrayBuffer>, { name: 'AES-GCM' }, false, [
        'encrypt',
        'decrypt',
      ]),
    );
  }
  if (!keys.has(options.activeKid)) {
    throw new VaultError('vault_config', `Active key id "${options.activeKid}" is not among the keys`);
  }

  function parse(sealed: string) {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== VERSION)
      throw new VaultError('vault_malformed', 'Sealed value is malformed');
    const [, kid, iv, data] = parts as [string, string, string, string];
    return { kid, iv, data };
  }

  const vault: TokenVault = {
    activeKid: options.activeKid,
    async seal(plaintext, associatedData) {
      const key = await keys.get(options.activeKid)!;
      const iv = randomBytes(12);
      const cipher = await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, ...(associatedData ? { additionalData: utf8(associatedData) } : {}) },
        key,
        utf8(plaintext),
      );
      return `${VERSION}.${options.activeKid}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(cipher))}`;
    },
    async open(sealed, associatedData) {
      const { kid, iv, data } = parse(sealed);
      const key = keys.get(kid);
      if (!key) throw new VaultError('vault_unknown_key', `No key with id "${kid}" is configured`);
      try {
        const plain = await crypto.subtle.decrypt(
          {
            name: 'AES-GCM',
            iv: fromBase64(iv),
            ...(associatedData ? { additionalData: utf8(associatedData) } : {}),
          },
          await key,
          fromBase64(data),
        );
        return fromUtf8(new Uint8Array(plain));
      } catch {
        throw new VaultError('vault_tampered', 'Sealed value failed authentication');
      }
    },
    async sealJson(value, associatedData) {
      return vault.seal(JSON.stringify(value), associatedData);
    },
    async openJson<T>(sealed: string, associatedData?: string) {
      return JSON.parse(await vault.open(sealed, associatedData)) as T;
    },
    kidOf(sealed) {
      return parse(sealed).kid;
    },
  };
  return vault;
}

/** A fresh random 32-byte key as base64, for `keys` in createTokenVault. */
export function generateVaultKey(): string {
  return toBase64Url(randomBytes(32));
}

import { describe, expect, it } from 'vitest';
import { createTokenVault, generateVaultKey, VaultError } from './vault';

const k1 = generateVaultKey();
const k2 = generateVaultKey();

describe('token vault', () => {
  it('seals with a random IV and opens to the same text', async () => {
    const vault = createTokenVault({ keys: { k1 }, activeKid: 'k1' });
    const a = await vault.seal('ya29.refresh-token');
    const b = await vault.seal('ya29.refresh-token');
    expect(a).not.toBe(b);
    expect(a).not.toContain('ya29');
    expect(a.startsWith('v1.k1.')).toBe(true);
    expect(await vault.open(a)).toBe('ya29.refresh-token');
    expect(await vault.openJson(await vault.sealJson({ access: 'x', exp: 1 }))).toEqual({
      access: 'x',
      exp: 1,
    });
  });

  it('rotates: new values use the active key, old values still open', async () => {
    const before = createTokenVault({ keys: { k1 }, activeKid: 'k1' });
    const old = await before.seal('old-token');
    const after = createTokenVault({ keys: { k1, k2 }, activeKid: 'k2' });
    const fresh = await after.seal('new-token');
    expect(after.kidOf(fresh)).toBe('k2');
    expect(await after.open(old)).toBe('old-token');
    expect(await after.open(fresh)).toBe('new-token');
  });

  it('rejects tampering, unknown key ids, wrong associated data and malformed input with typed errors', async () => {
    const vault = createTokenVault({ keys: { k1 }, activeKid: 'k1' });
    const sealed = await vault.seal('secret', 'user-1');
    const parts = sealed.split('.');
    const last = parts[3]!;
    parts[3] = (last[0] === 'A' ? 'B' : 'A') + last.slice(1);
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'opened',
        (e: unknown) => (e instanceof VaultError ? e.code : 'other'),
      );
    expect(await codeOf(vault.open(parts.join('.'), 'user-1'))).toBe('vault_tampered');
    expect(await codeOf(vault.open(sealed, 'user-2'))).toBe('vault_tampered');
    expect(await codeOf(vault.open(sealed.replace('v1.k1.', 'v1.k9.'), 'user-1'))).toBe('vault_unknown_key');
    expect(await codeOf(vault.open('garbage'))).toBe('vault_malformed');
    expect(await vault.open(sealed, 'user-1')).toBe('secret');
  });

  it('refuses bad configuration', () => {
    expect(() => createTokenVault({ keys: { k1 }, activeKid: 'k2' })).toThrow(VaultError);
    expect(() => createTokenVault({ keys: { k1: 'c2hvcnQ=' }, activeKid: 'k1' })).toThrow(/32 bytes/);
  });
});

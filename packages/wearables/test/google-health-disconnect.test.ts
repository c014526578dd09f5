import { createMemoryKeyValueStore, createTokenVault, generateVaultKey } from '@medflow/core';
import { createGoogleHealthOAuth, keys, type StoredGoogleConnection } from '@medflow/wearables/google-health';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

const REVOKE = 'https://oauth2.googleapis.com/revoke';
let revoked: string[] = [];
let revokeStatus = 200;
const server = setupServer(
  http.post(REVOKE, async ({ request }) => {
    revoked.push(new URLSearchParams(await request.text()).get('token') ?? '');
    // Google's documented answers: 200 {} on success, 400 invalid_token for an unknown grant.
    return revokeStatus === 200
      ? HttpResponse.json({})
      : HttpResponse.json(
          { error: 'invalid_token', error_description: 'Token expired or revoked' },
          { status: revokeStatus },
        );
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  revoked = [];
  revokeStatus = 200;
});
afterAll(() => server.close());

async function setup() {
  const store = createMemoryKeyValueStore();
  const vault = createTokenVault({ keys: { k1: generateVaultKey() }, activeKid: 'k1' });
  const oauth = createGoogleHealthOAuth({
    clientId: 'client.apps.googleusercontent.com',
    clientSecret: 'secret',
    redirectUri: 'https://clinic.example/callback',
    store,
    vault,
  });
  const connect = async (subject: string, healthUserId: string) => {
    const connectionId = `google-health:${subject}`;
    const record: StoredGoogleConnection = {
      connectionId,
      subject,
      healthUserId,
      sealed: await vault.sealJson(
        {
          accessToken: `ya29.${subject}`,
          refreshToken: `1//refresh-${subject}`,
          expiresAt: Date.now() + 3_600_000,
          scope: 's',
        },
        connectionId,
      ),
    };
    await store.set(keys.connection(connectionId), record);
    await store.set(keys.user(healthUserId), connectionId);
    return connectionId;
  };
  return { store, oauth, connect };
}

describe('Google Health connections', () => {
  it("lists only the patient's own connections, without tokens", async () => {
    const { oauth, connect } = await setup();
    await connect('pat-1', '111');
    await connect('pat-2', '222');
    const list = await oauth.listConnections('pat-1');
    expect(list).toEqual([
      { connectionId: 'google-health:pat-1', provider: 'google-health', subject: 'pat-1', revoked: false },
    ]);
    expect(JSON.stringify(list)).not.toContain('refresh');
  });

  it('revokes the grant at Google with the refresh token, then forgets the tokens and the user index', async () => {
    const { oauth, store, connect } = await setup();
    const id = await connect('pat-1', '111');
    await oauth.disconnect(id);
    expect(revoked).toEqual(['1//refresh-pat-1']);
    expect(await store.get(keys.connection(id))).toBeNull();
    expect(await store.get(keys.user('111'))).toBeNull();
    expect(await oauth.listConnections('pat-1')).toEqual([]);
  });

  it('treats a grant Google no longer knows as revoked, and keeps the connection when Google fails', async () => {
    const { oauth, store, connect } = await setup();
    const id = await connect('pat-1', '111');
    revokeStatus = 503;
    await expect(oauth.disconnect(id)).rejects.toMatchObject({ code: 'provider_error', retryable: true });
    expect(await store.get(keys.connection(id))).not.toBeNull();
    revokeStatus = 400;
    await oauth.disconnect(id);
    expect(await store.get(keys.connection(id))).toBeNull();
  });
});

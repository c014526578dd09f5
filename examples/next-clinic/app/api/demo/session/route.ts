import { DEMO_USERS, SESSION_COOKIE } from '@/lib/server/session';

export const runtime = 'nodejs';

/** Demo sign-in switcher: sets which seeded user the browser acts as. */
export async function POST(request: Request) {
  const form = await request.formData();
  const as = String(form.get('as') ?? '');
  const back = request.headers.get('referer') ?? '/';
  const headers = new Headers({ location: new URL(back, request.url).pathname });
  if (DEMO_USERS[as]) headers.append('set-cookie', `${SESSION_COOKIE}=${as}; Path=/; HttpOnly; SameSite=Lax`);
  return new Response(null, { status: 303, headers });
}

import type { MedflowSession } from '@medflow/next';

/**
 * Demo sign-in: a cookie picks one of three seeded users. A real clinic replaces this one
 * function with its auth (Auth.js, Clerk, …); see the @medflow/next README.
 */
export const DEMO_USERS: Record<string, MedflowSession & { label: string }> = {
  patient: { userId: 'user-ava', role: 'patient', patientId: 'pat-ava', label: 'Ava (patient)' },
  clinician: { userId: 'user-dr-lee', role: 'clinician', label: 'Dr. Lee (clinician)' },
  staff: { userId: 'user-sam', role: 'staff', label: 'Sam (front desk)' },
};

export const SESSION_COOKIE = 'clinic_demo_user';

export function sessionFromCookieValue(value: string | undefined): MedflowSession | null {
  const user = value ? DEMO_USERS[value] : undefined;
  if (!user) return null;
  const { label: _label, ...session } = user;
  return session;
}

export function sessionFromRequest(request: Request): MedflowSession | null {
  const cookie = request.headers.get('cookie') ?? '';
  const match = cookie.match(new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`));
  return sessionFromCookieValue(match?.[1]);
}

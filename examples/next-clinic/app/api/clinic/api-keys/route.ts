import { ForbiddenError, toErrorResponse, UnauthorizedError, ValidationError } from '@medflow/core';
import type { ApiKeyScope } from '@medflow/next';
import { getClinic } from '@/lib/server/clinic';
import { sessionFromRequest } from '@/lib/server/session';

export const runtime = 'nodejs';

const SCOPES: ApiKeyScope[] = ['labs:hl7', 'push:health-connect', 'push:healthkit', 'push:samsung-health'];

function staffOnly(request: Request) {
  const session = sessionFromRequest(request);
  if (!session) throw new UnauthorizedError();
  if (session.role === 'patient') throw new ForbiddenError();
  return session;
}

/** Issues a key for a lab or a companion app; the key is shown once and stored hashed. */
export async function POST(request: Request) {
  try {
    const session = staffOnly(request);
    const form = await request.formData();
    const label = String(form.get('label') ?? '').trim();
    const scope = String(form.get('scope') ?? '') as ApiKeyScope;
    if (!label || !SCOPES.includes(scope))
      throw new ValidationError('A label and a known scope are required');
    const clinic = await getClinic();
    // Companion-app keys belong to one patient: their pushes land on that patient only.
    const patientId = scope.startsWith('push:') ? String(form.get('patientId') ?? '') : '';
    if (scope.startsWith('push:') && !patientId)
      throw new ValidationError('A companion-app key needs a patient');
    const { key, record } = await clinic.apiKeys.issue({
      label,
      scopes: [scope],
      ...(patientId ? { patientId } : {}),
    });
    clinic.audit.log({
      action: 'apikey.issue',
      outcome: 'success',
      actor: session.userId,
      subject: record.id,
    });
    return Response.json({ key, record });
  } catch (error) {
    return toErrorResponse(error);
  }
}

export async function DELETE(request: Request) {
  try {
    const session = staffOnly(request);
    const id = new URL(request.url).searchParams.get('id');
    if (!id) throw new ValidationError('id is required');
    const clinic = await getClinic();
    await clinic.apiKeys.revoke(id);
    clinic.audit.log({ action: 'apikey.revoke', outcome: 'success', actor: session.userId, subject: id });
    return new Response(null, { status: 204 });
  } catch (error) {
    return toErrorResponse(error);
  }
}

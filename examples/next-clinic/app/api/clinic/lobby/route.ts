import { ForbiddenError, toErrorResponse, UnauthorizedError, ValidationError } from '@medflow/core';
import { getClinic } from '@/lib/server/clinic';
import { sessionFromRequest } from '@/lib/server/session';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

async function context(request: Request, appointmentId: string | null) {
  const session = sessionFromRequest(request);
  if (!session) throw new UnauthorizedError();
  if (!appointmentId)
    throw new ValidationError('appointmentId is required', [
      { path: ['appointmentId'], message: 'Required' },
    ]);
  const clinic = await getClinic();
  const appointment = await clinic.appointmentRoom(appointmentId);
  if (session.role === 'patient' && session.patientId !== appointment.patientId) throw new ForbiddenError();
  return { session, clinic, appointment };
}

/** Patients see their own lobby status; clinicians see who is waiting. */
export async function GET(request: Request) {
  try {
    const { session, clinic, appointment } = await context(
      request,
      new URL(request.url).searchParams.get('appointmentId'),
    );
    if (session.role === 'patient') {
      const entry = await clinic.waitingRoom.status({ room: appointment.ref, participantId: session.userId });
      return Response.json({ self: entry });
    }
    return Response.json({ waiting: await clinic.waitingRoom.list(appointment.ref) });
  } catch (error) {
    return toErrorResponse(error);
  }
}

/** A patient knocks: enters the waiting room of their appointment. */
export async function POST(request: Request) {
  try {
    const body = (await request.json().catch(() => ({}))) as { appointmentId?: string };
    const { session, clinic, appointment } = await context(request, body.appointmentId ?? null);
    if (session.role !== 'patient') throw new ForbiddenError('Only the patient enters the waiting room');
    const entry = await clinic.waitingRoom.enter({ room: appointment.ref, participantId: session.userId });
    return Response.json({ self: entry });
  } catch (error) {
    return toErrorResponse(error);
  }
}

import { ForbiddenError, toErrorResponse, UnauthorizedError } from '@medflow/core';
import { read835, summarizeRemittance } from '@medflow/fhir-insurance/x12';
import { sessionFromRequest } from '@/lib/server/session';

export const runtime = 'nodejs';

/** Staff upload an 835: streamed through the X12 reader, summarized for posting. */
export async function POST(request: Request) {
  try {
    const session = sessionFromRequest(request);
    if (!session) throw new UnauthorizedError();
    if (session.role === 'patient') throw new ForbiddenError();
    if (!request.body) throw new ForbiddenError('Empty upload');
    const remittances = await read835(request.body);
    return Response.json({
      remittances: remittances.map((r) => ({
        summary: summarizeRemittance(r),
        claims: r.claims.map((c) => ({
          id: c.patientControlNumber,
          status: c.statusDescription ?? c.status,
          chargeCents: c.chargeCents,
          paidCents: c.paidCents,
          patientResponsibilityCents: c.patientResponsibilityCents,
          adjustments: [...c.adjustments, ...c.serviceLines.flatMap((l) => l.adjustments)].map((a) => ({
            group: a.group,
            reason: a.reason,
            description: a.description,
            amountCents: a.amountCents,
          })),
          balanced: c.balanced,
        })),
      })),
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}

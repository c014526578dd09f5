import { getClinic } from '@/lib/server/clinic';

// Next 16 refuses re-exported route-segment config, so the route file declares it itself.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  return (await getClinic()).handlers.GET(request);
}
export async function POST(request: Request) {
  return (await getClinic()).handlers.POST(request);
}
export async function DELETE(request: Request) {
  return (await getClinic()).handlers.DELETE(request);
}

// Runs once when the server starts: opens the database (migrations, seed) and the MLLP
// listener, so the lab feed works before the first page is requested.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { startMllpListener } = await import('./lib/server/mllp');
  await startMllpListener().catch((error: unknown) => {
    console.error('[mllp] listener did not start:', (error as Error).message);
  });
}

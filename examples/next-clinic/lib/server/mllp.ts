import { createMllpServer, type MllpServer } from '@medflow/hl7/mllp';
import { getClinic } from './clinic';
import { receiveLabMessage } from './labs';

const key = Symbol.for('medflow.clinic.mllp');
type G = typeof globalThis & { [key]?: Promise<MllpServer> };

/** The lab feed listener, started once per server process. Binds 127.0.0.1 unless MLLP_HOST says otherwise. */
export function startMllpListener(): Promise<MllpServer> {
  const g = globalThis as G;
  g[key] ??= (async () => {
    const clinic = await getClinic();
    const server = createMllpServer({
      host: process.env.MLLP_HOST ?? '127.0.0.1',
      port: clinic.config.mllpPort,
      async onMessage(message) {
        const receipt = await receiveLabMessage(clinic.sql, message, clinic.audit);
        return receipt.accepted
          ? 'AA'
          : { code: 'AE' as const, errors: [{ code: '207', message: 'Message could not be mapped' }] };
      },
      onDiagnostic(event) {
        // Diagnostics never carry message content, so they are safe to log.
        if (event.type !== 'discarded-bytes')
          console.warn(`[mllp] ${event.type} on connection ${event.connectionId}`);
      },
    });
    const address = await server.listen();
    console.log(`[mllp] lab feed listening on ${address.host}:${address.port}`);
    return server;
  })();
  return g[key]!;
}

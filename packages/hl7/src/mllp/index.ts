export { createMllpClient, type MllpAck, type MllpClient, type MllpClientOptions } from './client';
export { CR, type FrameReaderEvents, FS, frame, MllpFrameReader, VT } from './framing';
export {
  createMllpServer,
  type MllpDiagnostic,
  type MllpHandlerResult,
  type MllpMessageContext,
  type MllpServer,
  type MllpServerOptions,
} from './server';

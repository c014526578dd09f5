export {
  type AckCode,
  type AckError,
  type AckErrorLocation,
  ackModeOf,
  type BuildAckOptions,
  buildAck,
  buildRejectAck,
  HL7_ERROR_CODES,
  type Hl7ErrorCode,
  newControlId,
  recoverHeader,
} from './ack';
export { charsetFromMsh18, decodeBytes } from './charset';
export { DEFAULT_DELIMITERS, type Delimiters, encodingCharacters } from './delimiters';
export { type Hl7Location, Hl7MappingError, Hl7ParseError, MllpConnectionError } from './errors';
export { type DecodeOptions, decodeEscapes, encodeEscapes } from './escape';
export {
  type CreateMessageOptions,
  createMessage,
  encodeText,
  type Hl7Charset,
  Hl7Message,
  type Hl7MessageType,
  Hl7Segment,
  type Hl7Value,
} from './message';
export {
  type Hl7Coded,
  type OruObservation,
  type OruOrder,
  type OruPatient,
  type OruR01,
  type OruSpecimen,
  type OruVisit,
  readCoded,
  readOruR01,
} from './oru';
export { type Hl7Batch, type Hl7BatchGroup, type ParseOptions, parseBatch, parseMessage } from './parse';
export { type Hl7Path, parseFieldPath, parsePath } from './path';

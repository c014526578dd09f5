import { MedflowError, ValidationError } from '@medflow/core';

export interface Hl7Location {
  /** 1-based index of the segment in the message (or batch file). */
  segmentIndex: number;
  /** The segment's id when it could be read (e.g. `OBX`). Never patient data. */
  segmentName?: string;
  /** 1-based field position inside the segment; 0 for the segment id itself. */
  fieldPosition: number;
  /** Offset in bytes from the start of the input (in the input's own encoding). */
  byteOffset: number;
}

/**
 * A message that cannot be read. The message text never quotes the input, so it is safe to
 * log and to return to a sender; the location says where to look.
 */
export class Hl7ParseError extends ValidationError {
  readonly segmentIndex: number;
  readonly segmentName: string | undefined;
  readonly fieldPosition: number;
  readonly byteOffset: number;
  /** HL7 table 0357 code an ACK should carry for this failure. */
  readonly hl7ErrorCode: string;

  constructor(
    reason: string,
    location: Hl7Location,
    options: { hl7ErrorCode?: string; cause?: unknown } = {},
  ) {
    const where = `segment ${location.segmentIndex}${location.segmentName ? ` (${location.segmentName})` : ''}, field ${location.fieldPosition}, byte ${location.byteOffset}`;
    super(
      `Invalid HL7 message: ${reason} at ${where}`,
      [{ path: [location.segmentIndex, location.fieldPosition], message: reason, code: 'hl7_parse_error' }],
      {
        code: 'hl7_parse_error',
        cause: options.cause,
        details: { ...location },
      },
    );
    this.segmentIndex = location.segmentIndex;
    this.segmentName = location.segmentName;
    this.fieldPosition = location.fieldPosition;
    this.byteOffset = location.byteOffset;
    this.hl7ErrorCode = options.hl7ErrorCode ?? '100';
  }
}

/** A transport failure on an MLLP connection (refused, reset, closed with messages in flight). */
export class MllpConnectionError extends MedflowError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'mllp_connection_failed', status: 502, retryable: true, cause: options.cause });
  }
}

/** A message that parses but cannot be mapped (e.g. OBR-25 missing when building FHIR). */
export class Hl7MappingError extends ValidationError {
  /** The HL7 path of the value at fault, e.g. `OBR(2)-25`. */
  readonly hl7Path: string;
  constructor(reason: string, hl7Path: string) {
    super(
      `Cannot map HL7 message: ${reason} at ${hl7Path}`,
      [{ path: [hl7Path], message: reason, code: 'hl7_mapping_error' }],
      {
        code: 'hl7_mapping_error',
      },
    );
    this.hl7Path = hl7Path;
  }
}

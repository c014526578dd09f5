import { ValidationError } from '@medflow/core';

/** Where in an X12 file something went wrong. Never carries element values (they may be PHI). */
export interface X12Location {
  /** 1-based ordinal of the segment in the input (ISA of the first interchange is 1). */
  segmentNumber?: number;
  segmentId?: string;
  /** 1-based element position (ISA13 is 13); 0 means the segment id itself. */
  element?: number;
  /** Offset of the segment (or of the offending character) from the start of the input. */
  byteOffset?: number;
}

/**
 * A file that cannot be read as X12: bad ISA, broken envelope, counts that do not add up.
 * The message is client-safe; the location fields say exactly where.
 */
export class X12Error extends ValidationError {
  readonly segmentNumber: number | undefined;
  readonly segmentId: string | undefined;
  readonly element: number | undefined;
  readonly byteOffset: number | undefined;

  constructor(message: string, location: X12Location = {}, code = 'x12_invalid') {
    const where = describeLocation(location);
    super(where ? `${message} (${where})` : message, [{ path: locationPath(location), message, code }], {
      code,
      details: { ...location },
    });
    this.segmentNumber = location.segmentNumber;
    this.segmentId = location.segmentId;
    this.element = location.element;
    this.byteOffset = location.byteOffset;
  }
}

function locationPath(location: X12Location): (string | number)[] {
  const path: (string | number)[] = [];
  if (location.segmentNumber !== undefined) path.push(location.segmentNumber);
  if (location.segmentId !== undefined) path.push(location.segmentId);
  if (location.element !== undefined) path.push(location.element);
  return path;
}

function describeLocation(location: X12Location): string {
  const parts: string[] = [];
  if (location.segmentNumber !== undefined) parts.push(`segment ${location.segmentNumber}`);
  if (location.segmentId !== undefined) {
    const el = location.element !== undefined ? String(location.element).padStart(2, '0') : '';
    parts.push(location.element !== undefined ? `${location.segmentId}${el}` : location.segmentId);
  }
  if (location.byteOffset !== undefined) parts.push(`byte ${location.byteOffset}`);
  return parts.join(', ');
}

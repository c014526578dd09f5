import { validationErrorFromZod } from '@medflow/core';
import { safeParse } from '../zod';
import {
  type EligibilityRequestInput,
  type EligibilityResult,
  type EligibilityTransport,
  eligibilityRequestSchema,
} from './result';

/**
 * Asks the payer whether the patient is covered and for what. The input is validated here, once,
 * so every transport receives the same well-formed request.
 */
export async function checkEligibility(
  input: EligibilityRequestInput,
  options: { transport: EligibilityTransport; signal?: AbortSignal },
): Promise<EligibilityResult> {
  const parsed = safeParse(eligibilityRequestSchema, input);
  if (!parsed.success) throw validationErrorFromZod(parsed.error, 'Invalid eligibility request');
  return options.transport.check(parsed.data, { signal: options.signal });
}

import { ValidationError } from '@medflow/core';
import {
  checkEligibility,
  type EligibilityRequest,
  type EligibilityResult,
  type EligibilityTransport,
} from '@medflow/fhir-insurance';
import { describe, expect, it } from 'vitest';

const input = {
  patient: { given: ['Ada'], family: 'Lovelace', birthDate: '1980-02-03' },
  coverage: { memberId: 'W123456789' },
  payer: { id: '60054', name: 'Aetna' },
  provider: { npi: '1234567893', name: 'Riverside Clinic' },
};

function recordingTransport() {
  const seen: EligibilityRequest[] = [];
  const transport: EligibilityTransport = {
    kind: 'x12',
    async check(request) {
      seen.push(request);
      const result: EligibilityResult = {
        source: 'x12',
        inForce: true,
        services: [],
        rejections: [],
        original: { format: 'x12', raw: 'ISA*…~' },
      };
      return result;
    },
  };
  return { transport, seen };
}

describe('checkEligibility', () => {
  it('hands the transport a validated request with defaults applied', async () => {
    const { transport, seen } = recordingTransport();
    const result = await checkEligibility(input, { transport });
    expect(result.inForce).toBe(true);
    expect(seen[0]?.serviceTypes).toEqual(['30']);
    expect(seen[0]?.relationship).toBe('self');
    expect(seen[0]?.purpose).toEqual(['benefits', 'validation']);
  });

  it('rejects a malformed NPI before any transport is called', async () => {
    const { transport, seen } = recordingTransport();
    const bad = { ...input, provider: { npi: '12', name: 'x' } };
    const error = await checkEligibility(bad, { transport }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toEqual(['provider', 'npi']);
    expect(seen).toHaveLength(0);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ValidationError } from '@medflow/core';
import {
  buildPatient,
  checkEligibility,
  type EligibilityTransport,
  eligibilityRequestSchema,
  payerSchema,
} from '@medflow/fhir-insurance';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';

const root = join(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function validationError(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

const patient = {
  given: ['Ada'],
  family: 'Lovelace',
  birthDate: '1980-02-03',
  gender: 'female' as const,
};

describe('zod/mini', () => {
  it('is the only zod the package code imports, so the main entry never loads classic zod', () => {
    const specifiers = new Set<string>();
    for (const file of sourceFiles(join(root, 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/(?:from|import)\s*\(?\s*['"](zod[^'"]*)['"]/g))
        specifiers.add(match[1] ?? '');
    }
    expect([...specifiers].sort()).toEqual(['zod/mini', 'zod/v4/locales/en.js']);
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // Bundled into dist (tsup noExternal), so nothing loads zod at run time; it stays a
    // dependency because the published .d.ts files name zod/mini types.
    expect(readFileSync(join(root, 'tsup.config.ts'), 'utf8')).toMatch(/noExternal:\s*\['zod'\]/);
    expect(manifest.dependencies.zod).toBeDefined();
  });

  it('keeps the English issue messages classic zod installed globally', async () => {
    // Nothing in this test file loads classic zod, so no locale is configured globally.
    expect(z.config().localeError).toBeUndefined();
    const error = validationError(() =>
      buildPatient({ ...patient, family: '', gender: 'robot' as 'male', birthDate: '3 Feb' }),
    );
    expect(error.issues).toEqual([
      {
        path: ['family'],
        message: 'Too small: expected string to have >=1 characters',
        code: 'too_small',
      },
      { path: ['birthDate'], message: 'Expected a date as YYYY-MM-DD', code: 'invalid_format' },
      {
        path: ['gender'],
        message: 'Invalid option: expected one of "male"|"female"|"other"|"unknown"',
        code: 'invalid_value',
      },
    ]);
    const transport: EligibilityTransport = {
      kind: 'fhir',
      check: () => Promise.reject(new Error('not reached')),
    };
    const rejected = await checkEligibility(
      {
        patient,
        coverage: { memberId: '' },
        payer: { id: '60054', name: 'Aetna' },
        provider: { npi: '123', name: 'Riverside Clinic' },
      },
      { transport },
    ).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(ValidationError);
    expect((rejected as ValidationError).message).toBe('Invalid eligibility request at coverage.memberId');
    expect((rejected as ValidationError).issues).toEqual([
      {
        path: ['coverage', 'memberId'],
        message: 'Too small: expected string to have >=1 characters',
        code: 'too_small',
      },
      { path: ['provider', 'npi'], message: 'NPI must be 10 digits', code: 'invalid_format' },
    ]);
  });

  it('lets an error map the application configured win, as it did with classic zod', () => {
    z.config({ customError: (issue) => (issue.code === 'too_small' ? 'Required' : undefined) });
    try {
      const error = validationError(() =>
        buildPatient({ ...patient, family: '', birthDate: 19800203 as never }),
      );
      expect(error.issues).toEqual([
        { path: ['family'], message: 'Required', code: 'too_small' },
        // Issues the application's map leaves alone keep zod's English message.
        {
          path: ['birthDate'],
          message: 'Invalid input: expected string, received number',
          code: 'invalid_type',
        },
      ]);
    } finally {
      z.config({ customError: undefined });
    }
  });

  it('exports schemas that parse directly, defaults applied, though they are built on first use', () => {
    const parsed = eligibilityRequestSchema.safeParse({
      patient,
      coverage: { memberId: 'W1' },
      payer: { id: '60054', name: 'Aetna' },
      provider: { npi: '1234567893', name: 'Riverside Clinic' },
    });
    expect(parsed.success && parsed.data).toMatchObject({
      relationship: 'self',
      serviceTypes: ['30'],
      purpose: ['benefits', 'validation'],
      provider: { organization: true },
    });
    const payer = z.safeParse(payerSchema, { id: '', name: 'Aetna' });
    expect(payer.success).toBe(false);
    expect(payer.error?.issues.map((i) => i.path)).toEqual([['id']]);
  });
});

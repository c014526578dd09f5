import { ValidationError } from '@medflow/core';
import type { InvoiceRef } from './invoice';

/**
 * Stripe signs no BAA, so what we send must not identify a patient's health. Everything
 * that reaches a Stripe request body is built here from the invoice's opaque id, number and
 * clinic id through fixed templates; free text on the invoice is never read.
 */

/** The only metadata keys we ever send. */
export const ALLOWED_METADATA_KEYS = ['invoice_id', 'clinic_id'] as const;
export type AllowedMetadataKey = (typeof ALLOWED_METADATA_KEYS)[number];

export function lineItemName(invoice: InvoiceRef): string {
  return `Medical services, invoice ${invoice.number}`;
}

export function paymentDescription(invoice: InvoiceRef): string {
  return `Invoice ${invoice.number}`;
}

export function invoiceMetadata(invoice: InvoiceRef): Record<AllowedMetadataKey, string> {
  return safeMetadata({ invoice_id: invoice.id, clinic_id: invoice.clinicId });
}

/** Throws when a key outside the allow-list is present, so a later edit cannot widen it silently. */
export function safeMetadata<T extends Record<string, string>>(metadata: T): T {
  for (const key of Object.keys(metadata)) {
    if (!(ALLOWED_METADATA_KEYS as readonly string[]).includes(key)) {
      throw new ValidationError('Metadata key is not allowed to reach Stripe', [
        { path: ['metadata', key], message: 'not in the allow-list' },
      ]);
    }
  }
  return metadata;
}

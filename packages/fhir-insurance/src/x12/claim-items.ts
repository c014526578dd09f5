import { ValidationError } from '@medflow/core';
import type { ClaimItem, Coding } from '@medplum/fhirtypes';
import { decimalToCents } from './amounts';

/** How a FHIR Claim's items become 837P service lines: shared by build837P and otherPayerFrom835. */

const CPT = ['http://www.ama-assn.org/go/cpt', 'https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets'];

export function writeFailure(message: string, path: (string | number)[]): never {
  throw new ValidationError(message, [{ path, message }], { code: 'x12_write' });
}

/** Integer cents of an amount with at most two decimals. */
export function moneyCents(value: number | undefined, path: (string | number)[]): number {
  const cents = value === undefined ? undefined : decimalToCents(String(value));
  if (cents === undefined) writeFailure('Expected an amount with at most two decimals', path);
  return cents;
}

/** The line charge: `net`, else `unitPrice` × a whole `quantity`. */
export function itemCharge(item: ClaimItem, i: number): number {
  if (item.net?.value !== undefined) return moneyCents(item.net.value, ['item', i, 'net']);
  const unit = moneyCents(item.unitPrice?.value, ['item', i, 'unitPrice']);
  const qty = item.quantity?.value ?? 1;
  if (!Number.isInteger(qty))
    writeFailure('Fractional quantities need an explicit net amount', ['item', i, 'quantity']);
  return unit * qty;
}

/** The item's CPT/HCPCS coding (else its first coding). */
export function itemCoding(item: ClaimItem): Coding | undefined {
  return (
    item.productOrService.coding?.find((c) => CPT.includes(c.system ?? '')) ??
    item.productOrService.coding?.[0]
  );
}

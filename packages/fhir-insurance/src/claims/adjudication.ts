import type { CodeableConcept, Money } from '@medplum/fhirtypes';
import type { MinorUnits } from '../eligibility/result';
import { fromFhirMoney } from '../money';

/**
 * Adjudication amounts by meaning. HL7's adjudication codes (submitted, eligible, benefit, copay,
 * deductible) and CARIN Blue Button's C4BBAdjudication codes (paidtoprovider, memberliability, …)
 * land on the same keys.
 */
export interface AdjudicationAmounts {
  submitted?: MinorUnits;
  /** Allowed / eligible amount. */
  eligible?: MinorUnits;
  /** What the plan pays. */
  benefit?: MinorUnits;
  copay?: MinorUnits;
  deductible?: MinorUnits;
  coinsurance?: MinorUnits;
  noncovered?: MinorUnits;
  discount?: MinorUnits;
  paidToProvider?: MinorUnits;
  paidByPatient?: MinorUnits;
  /** What the patient owes in total (CARIN memberliability). */
  memberLiability?: MinorUnits;
  priorPayerPaid?: MinorUnits;
}

export type AdjudicationKey = keyof AdjudicationAmounts;

const KEYS: Record<string, AdjudicationKey> = {
  submitted: 'submitted',
  eligible: 'eligible',
  allowed: 'eligible',
  benefit: 'benefit',
  payment: 'benefit',
  copay: 'copay',
  deductible: 'deductible',
  coinsurance: 'coinsurance',
  noncovered: 'noncovered',
  discount: 'discount',
  paidtoprovider: 'paidToProvider',
  paidbypatient: 'paidByPatient',
  paidbypatientcash: 'paidByPatient',
  memberliability: 'memberLiability',
  priorpayerpaid: 'priorPayerPaid',
};

export function adjudicationKey(category: CodeableConcept | undefined): AdjudicationKey | undefined {
  for (const coding of category?.coding ?? []) {
    const key = coding.code ? KEYS[coding.code.toLowerCase()] : undefined;
    if (key) return key;
  }
  return undefined;
}

function add(target: AdjudicationAmounts, key: AdjudicationKey, value: MinorUnits) {
  const existing = target[key];
  if (existing && existing.currency !== value.currency) return; // mixed currencies are not summed
  target[key] = existing ? { amount: existing.amount + value.amount, currency: value.currency } : value;
}

/** Folds a list of `{ category, amount }` (item adjudications or totals) into amounts by meaning. */
export function collectAdjudication(
  entries: readonly { category?: CodeableConcept; amount?: Money }[] | undefined,
  currency = 'usd',
): AdjudicationAmounts {
  const out: AdjudicationAmounts = {};
  for (const entry of entries ?? []) {
    const key = adjudicationKey(entry.category);
    const amount = fromFhirMoney(entry.amount, currency);
    if (key && amount) add(out, key, amount);
  }
  return out;
}

export function sumAdjudications(list: readonly AdjudicationAmounts[]): AdjudicationAmounts {
  const out: AdjudicationAmounts = {};
  for (const amounts of list)
    for (const [key, value] of Object.entries(amounts) as [AdjudicationKey, MinorUnits][])
      add(out, key, value);
  return out;
}

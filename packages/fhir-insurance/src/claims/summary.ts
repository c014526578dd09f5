import type { ClaimResponse, Extension } from '@medplum/fhirtypes';
import type { MinorUnits } from '../eligibility/result';
import { fromFhirMoney } from '../money';
import { assertShape } from '../responses';
import { type AdjudicationAmounts, collectAdjudication, sumAdjudications } from './adjudication';

/** Prior-authorization decision, from PAS review actions (X12 306 codes) or the response outcome. */
export type ReviewDecision = 'approved' | 'partial' | 'denied' | 'pended' | 'cancelled' | 'error' | 'unknown';

export interface ClaimItemSummary {
  /** The Claim.item sequence this adjudication answers. */
  sequence: number;
  amounts: AdjudicationAmounts;
  /** X12 306 review action code (A1 certified, A3 not certified, A4 pended, …) when the payer sent one. */
  reviewAction?: string;
  /** Payer's item-level reason codes (X12 CARC/HCR reason codes); codes only. */
  reasons: string[];
}

export interface ClaimResponseSummary {
  id: string | undefined;
  use: ClaimResponse['use'];
  outcome: ClaimResponse['outcome'];
  decision: ReviewDecision;
  /** Prior-authorization number to quote on the claim. */
  preAuthRef?: string;
  preAuthPeriod?: { start?: string; end?: string };
  items: ClaimItemSummary[];
  /** From ClaimResponse.total when present, otherwise summed from the items. */
  totals: AdjudicationAmounts;
  payment?: MinorUnits;
  /** Coded errors the payer reported (ClaimResponse.error). */
  errors: string[];
}

const REVIEW_ACTION_URL = 'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewAction';
const REVIEW_ACTION_CODE_URL =
  'http://hl7.org/fhir/us/davinci-pas/StructureDefinition/extension-reviewActionCode';

function reviewActionOf(extensions: readonly Extension[] | undefined): string | undefined {
  for (const ext of extensions ?? []) {
    if (ext.url === REVIEW_ACTION_CODE_URL) return ext.valueCodeableConcept?.coding?.[0]?.code;
    if (ext.url === REVIEW_ACTION_URL) {
      // PAS 2.x nests the code in a sub-extension; 1.x put a CodeableConcept directly on it.
      const nested = ext.extension?.find((e) => e.url === 'code' || e.url === REVIEW_ACTION_CODE_URL);
      const code =
        nested?.valueCodeableConcept?.coding?.[0]?.code ?? ext.valueCodeableConcept?.coding?.[0]?.code;
      if (code) return code;
    }
  }
  return undefined;
}

function decide(response: ClaimResponse, actions: (string | undefined)[]): ReviewDecision {
  const known = actions.filter((a): a is string => a !== undefined);
  if (known.length > 0) {
    const approved = (a: string) => a === 'A1' || a === 'A2' || a === 'A6';
    if (known.every((a) => a === 'A1')) return 'approved';
    if (known.every((a) => a === 'A3')) return 'denied';
    if (known.some((a) => a === 'A4' || a === 'CT' || a === 'D')) return 'pended';
    if (known.every((a) => a === 'C')) return 'cancelled';
    if (known.some(approved)) return 'partial';
    return 'unknown';
  }
  switch (response.outcome) {
    case 'complete':
      return response.error?.length ? 'denied' : 'approved';
    case 'partial':
      return 'partial';
    case 'queued':
      return 'pended';
    case 'error':
      return 'error';
    default:
      return 'unknown';
  }
}

/** ClaimResponse → adjudication per item and totals in integer minor units. */
export function summarizeClaimResponse(
  response: ClaimResponse,
  options: { currency?: string } = {},
): ClaimResponseSummary {
  assertShape('ClaimResponse', response);
  const currency = options.currency ?? 'usd';
  const items: ClaimItemSummary[] = (response.item ?? []).map((item) => {
    const action =
      reviewActionOf(item.extension) ??
      item.adjudication?.map((a) => reviewActionOf(a.extension)).find(Boolean);
    const reasons = (item.adjudication ?? [])
      .map((a) => a.reason?.coding?.[0]?.code)
      .filter((c): c is string => typeof c === 'string');
    return {
      sequence: item.itemSequence,
      amounts: collectAdjudication(item.adjudication, currency),
      ...(action ? { reviewAction: action } : {}),
      reasons,
    };
  });
  const declaredTotals = collectAdjudication(response.total, currency);
  const totals = Object.keys(declaredTotals).length
    ? declaredTotals
    : sumAdjudications(items.map((i) => i.amounts));
  const payment = fromFhirMoney(response.payment?.amount, currency);
  const preAuthRef = response.preAuthRef;
  return {
    id: response.id,
    use: response.use,
    outcome: response.outcome,
    decision: decide(
      response,
      items.map((i) => i.reviewAction),
    ),
    ...(preAuthRef ? { preAuthRef } : {}),
    ...(response.preAuthPeriod
      ? {
          preAuthPeriod: {
            ...(response.preAuthPeriod.start ? { start: response.preAuthPeriod.start } : {}),
            ...(response.preAuthPeriod.end ? { end: response.preAuthPeriod.end } : {}),
          },
        }
      : {}),
    items,
    totals,
    ...(payment ? { payment } : {}),
    errors: (response.error ?? []).map((e) => e.code?.coding?.[0]?.code ?? 'unknown'),
  };
}

import type { ExplanationOfBenefit, Reference } from '@medplum/fhirtypes';
import type { FhirClient, SearchOptions } from '../client/client';
import type { CodedValue, MinorUnits } from '../eligibility/result';
import { fromFhirMoney } from '../money';
import { SYSTEMS } from '../resources/systems';
import { assertShape } from '../responses';
import { type AdjudicationAmounts, collectAdjudication, sumAdjudications } from './adjudication';

/** CARIN Blue Button profile families. */
export type CarinEobProfile =
  | 'inpatient-institutional'
  | 'outpatient-institutional'
  | 'professional'
  | 'pharmacy'
  | 'oral'
  | 'vision';

const PROFILE_PREFIX = 'http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit-';
const PROFILES: Record<string, CarinEobProfile> = {
  'Inpatient-Institutional': 'inpatient-institutional',
  'Outpatient-Institutional': 'outpatient-institutional',
  'Professional-NonClinician': 'professional',
  Pharmacy: 'pharmacy',
  Oral: 'oral',
  Vision: 'vision',
};

export interface EobItemSummary {
  sequence: number;
  productOrService?: CodedValue;
  servicedDate?: string;
  quantity?: number;
  amounts: AdjudicationAmounts;
}

export interface ExplanationOfBenefitSummary {
  id: string | undefined;
  profile?: CarinEobProfile;
  /** claim-type code: professional, institutional, pharmacy, oral, vision. */
  type?: string;
  status: ExplanationOfBenefit['status'];
  outcome: ExplanationOfBenefit['outcome'];
  /** The payer's claim number (identifier type `uc`), when present. */
  claimNumber?: string;
  billablePeriod?: { start?: string; end?: string };
  created: string;
  provider?: { npi?: string; name?: string };
  insurer?: { name?: string };
  items: EobItemSummary[];
  /** From EOB.total when present, otherwise summed from the items. */
  totals: AdjudicationAmounts;
  payment?: MinorUnits;
  original: ExplanationOfBenefit;
}

function party(ref: Reference | undefined): { npi?: string; name?: string } | undefined {
  if (!ref) return undefined;
  const npi = ref.identifier?.system === SYSTEMS.npi ? ref.identifier.value : undefined;
  const out = { ...(npi ? { npi } : {}), ...(ref.display ? { name: ref.display } : {}) };
  return Object.keys(out).length ? out : undefined;
}

/** A CARIN Blue Button ExplanationOfBenefit → amounts per line and totals in integer minor units. */
export function normalizeExplanationOfBenefit(
  eob: ExplanationOfBenefit,
  options: { currency?: string } = {},
): ExplanationOfBenefitSummary {
  assertShape('ExplanationOfBenefit', eob);
  const currency = options.currency ?? 'usd';
  const profileUrl = eob.meta?.profile?.find((p) => p.startsWith(PROFILE_PREFIX));
  const profile = profileUrl
    ? PROFILES[profileUrl.slice(PROFILE_PREFIX.length).split('|')[0] ?? '']
    : undefined;
  const claimNumber = eob.identifier?.find((i) => i.type?.coding?.some((c) => c.code === 'uc'))?.value;
  const items: EobItemSummary[] = (eob.item ?? []).map((item) => {
    const coding = item.productOrService?.coding?.find((c) => c.code);
    return {
      sequence: item.sequence,
      ...(coding?.code
        ? {
            productOrService: {
              code: coding.code,
              ...(coding.system ? { system: coding.system } : {}),
              ...(coding.display ? { display: coding.display } : {}),
            },
          }
        : {}),
      ...(item.servicedDate
        ? { servicedDate: item.servicedDate }
        : item.servicedPeriod?.start
          ? { servicedDate: item.servicedPeriod.start.slice(0, 10) }
          : {}),
      ...(item.quantity?.value !== undefined ? { quantity: item.quantity.value } : {}),
      amounts: collectAdjudication(item.adjudication, currency),
    };
  });
  const declared = collectAdjudication(eob.total, currency);
  const payment = fromFhirMoney(eob.payment?.amount, currency);
  const provider = party(eob.provider);
  const insurer = eob.insurer?.display ? { name: eob.insurer.display } : undefined;
  return {
    id: eob.id,
    ...(profile ? { profile } : {}),
    ...(eob.type?.coding?.[0]?.code ? { type: eob.type.coding[0].code } : {}),
    status: eob.status,
    outcome: eob.outcome,
    ...(claimNumber ? { claimNumber } : {}),
    ...(eob.billablePeriod ? { billablePeriod: { ...eob.billablePeriod } } : {}),
    created: eob.created,
    ...(provider ? { provider } : {}),
    ...(insurer ? { insurer } : {}),
    items,
    totals: Object.keys(declared).length ? declared : sumAdjudications(items.map((i) => i.amounts)),
    ...(payment ? { payment } : {}),
    original: eob,
  };
}

/**
 * Reads a patient's EOBs from a CARIN Blue Button API (`ExplanationOfBenefit?patient=…`), following
 * pages, and normalizes each one.
 */
export async function readExplanationOfBenefits(
  client: FhirClient,
  patient: string,
  options: SearchOptions & { since?: string; currency?: string } = {},
): Promise<ExplanationOfBenefitSummary[]> {
  const reference = patient.includes('/') ? patient : `Patient/${patient}`;
  const out: ExplanationOfBenefitSummary[] = [];
  for await (const eob of client.search<ExplanationOfBenefit>(
    'ExplanationOfBenefit',
    { patient: reference, ...(options.since ? { _lastUpdated: `ge${options.since}` } : {}) },
    options,
  )) {
    out.push(normalizeExplanationOfBenefit(eob, { currency: options.currency }));
  }
  return out;
}

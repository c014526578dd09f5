import type {
  CodeableConcept,
  Coverage,
  CoverageEligibilityResponse,
  CoverageEligibilityResponseInsurance,
  CoverageEligibilityResponseInsuranceItemBenefit,
} from '@medplum/fhirtypes';
import { fromFhirMoney } from '../money';
import { SYSTEMS } from '../resources/systems';
import { assertShape } from '../responses';
import type {
  BenefitAccumulator,
  CodedValue,
  EligibilityNetwork,
  EligibilityPlan,
  EligibilityResult,
  EligibilityServiceBenefits,
  EligibilityTerm,
  EligibilityUnit,
} from './result';

function firstCoding(concept: CodeableConcept | undefined, preferSystem?: string): CodedValue | undefined {
  const codings = concept?.coding ?? [];
  const coding = codings.find((c) => c.system === preferSystem && c.code) ?? codings.find((c) => c.code);
  if (!coding?.code) return undefined;
  return {
    code: coding.code,
    ...(coding.system ? { system: coding.system } : {}),
    ...(coding.display ? { display: coding.display } : {}),
  };
}

const code = (concept: CodeableConcept | undefined) => firstCoding(concept)?.code?.toLowerCase();

function network(concept: CodeableConcept | undefined): EligibilityNetwork {
  const value = code(concept);
  if (value === 'in' || value === 'in-network' || value === 'y') return 'in';
  if (value === 'out' || value === 'out-of-network' || value === 'n') return 'out';
  return 'any';
}

function unit(concept: CodeableConcept | undefined): EligibilityUnit | undefined {
  const value = code(concept);
  if (value === 'individual' || value === 'ind') return 'individual';
  if (value === 'family' || value === 'fam') return 'family';
  return undefined;
}

const TERMS: Record<string, EligibilityTerm> = {
  annual: 'annual',
  year: 'annual',
  day: 'day',
  lifetime: 'lifetime',
  visit: 'visit',
  episode: 'episode',
};

// Payers use the R4 benefit-type codes plus a few widespread extensions for the same ideas.
const DEDUCTIBLE = new Set(['deductible']);
const COPAY = new Set(['copay', 'visit']);
const COINSURANCE = new Set(['copay-percent', 'coinsurance', 'copaypct']);
const OUT_OF_POCKET = new Set([
  'out-of-pocket',
  'oop',
  'oop-max',
  'outofpocket',
  'out-of-pocket-maximum',
  'copay-maximum',
]);

function accumulator(
  benefit: CoverageEligibilityResponseInsuranceItemBenefit,
  currency: string,
): BenefitAccumulator {
  const allowed = fromFhirMoney(benefit.allowedMoney, currency);
  const used = fromFhirMoney(benefit.usedMoney, currency);
  return {
    ...(allowed ? { allowed } : {}),
    ...(used ? { used } : {}),
    ...(allowed && used && allowed.currency === used.currency
      ? { remaining: { amount: Math.max(0, allowed.amount - used.amount), currency: allowed.currency } }
      : {}),
  };
}

function percent(benefit: CoverageEligibilityResponseInsuranceItemBenefit): number | undefined {
  const raw =
    benefit.allowedUnsignedInt ?? benefit.allowedString ?? benefit.usedUnsignedInt ?? benefit.usedString;
  if (raw === undefined) return undefined;
  const value = typeof raw === 'number' ? raw : Number.parseFloat(String(raw).replace('%', ''));
  if (!Number.isFinite(value)) return undefined;
  // Some payers send the X12 style fraction (0.2) rather than a percentage (20).
  return value > 0 && value < 1 ? Number((value * 100).toFixed(4)) : value;
}

function serviceLines(
  insurance: CoverageEligibilityResponseInsurance,
  currency: string,
): EligibilityServiceBenefits[] {
  return (insurance.item ?? []).map((item) => {
    const line: EligibilityServiceBenefits = {
      category: firstCoding(item.category, SYSTEMS.serviceType) ?? {
        system: SYSTEMS.serviceType,
        code: '30',
      },
      network: network(item.network),
      excluded: item.excluded === true,
    };
    const product = firstCoding(item.productOrService);
    if (product) line.productOrService = product;
    const u = unit(item.unit);
    if (u) line.unit = u;
    const termCode = code(item.term) ?? '';
    // Own keys only: a received `constructor` is not a term.
    const term = Object.hasOwn(TERMS, termCode) ? TERMS[termCode] : undefined;
    if (term) line.term = term;
    if (item.authorizationRequired !== undefined) line.authorizationRequired = item.authorizationRequired;
    for (const benefit of item.benefit ?? []) {
      const type = code(benefit.type);
      if (!type) continue;
      if (DEDUCTIBLE.has(type)) line.deductible = accumulator(benefit, currency);
      else if (COPAY.has(type)) line.copay = accumulator(benefit, currency);
      else if (OUT_OF_POCKET.has(type)) line.outOfPocket = accumulator(benefit, currency);
      else if (COINSURANCE.has(type)) {
        const p = percent(benefit);
        if (p !== undefined) line.coinsurancePercent = p;
      }
    }
    return line;
  });
}

function plan(coverage: Coverage | undefined): EligibilityPlan | undefined {
  if (!coverage?.class) return undefined;
  const byType = (type: string) =>
    coverage.class?.find((c) => c.type?.coding?.some((coding) => coding.code === type));
  const planClass = byType('plan');
  const groupClass = byType('group');
  const result: EligibilityPlan = {
    ...(planClass?.value ? { id: planClass.value } : {}),
    ...(planClass?.name ? { name: planClass.name } : {}),
    ...(groupClass?.value ? { groupId: groupClass.value } : {}),
    ...(groupClass?.name ? { groupName: groupClass.name } : {}),
  };
  return Object.keys(result).length ? result : undefined;
}

/**
 * CoverageEligibilityResponse → EligibilityResult. The focal insurance is read (or the first);
 * Coverage details come from `contained` or from `coverages` the caller already holds.
 */
export function normalizeCoverageEligibilityResponse(
  response: CoverageEligibilityResponse,
  options: { coverages?: Coverage[]; currency?: string } = {},
): EligibilityResult {
  assertShape('CoverageEligibilityResponse', response);
  const currency = options.currency ?? 'usd';
  const insurances = response.insurance ?? [];
  const insurance = insurances[0];
  const coverageRef = insurance?.coverage?.reference;
  const candidates = [
    ...(response.contained ?? []).filter((r): r is Coverage => r.resourceType === 'Coverage'),
    ...(options.coverages ?? []),
  ];
  for (const candidate of candidates) assertShape('Coverage', candidate);
  const coverage = candidates.find(
    (c) =>
      coverageRef === `#${c.id}` ||
      coverageRef === `Coverage/${c.id}` ||
      coverageRef?.endsWith(`/Coverage/${c.id}`),
  );
  const period = insurance?.benefitPeriod;
  const payerId = response.insurer?.identifier?.value;
  const payerName = response.insurer?.display;
  const memberId = coverage?.subscriberId;
  const resultPlan = plan(coverage);
  return {
    source: 'fhir',
    inForce: response.outcome !== 'error' && insurance?.inforce === true,
    ...(period?.start || period?.end
      ? {
          benefitPeriod: {
            ...(period.start ? { start: period.start.slice(0, 10) } : {}),
            ...(period.end ? { end: period.end.slice(0, 10) } : {}),
          },
        }
      : {}),
    ...(resultPlan ? { plan: resultPlan } : {}),
    ...(payerId || payerName
      ? { payer: { ...(payerId ? { id: payerId } : {}), ...(payerName ? { name: payerName } : {}) } }
      : {}),
    ...(memberId ? { memberId } : {}),
    services: insurances.flatMap((i) => serviceLines(i, currency)),
    rejections: (response.error ?? []).map((e) => {
      const coded = firstCoding(e.code);
      return coded ?? { code: 'unknown' };
    }),
    original: { format: 'fhir', response },
  };
}

import { ProviderError, ValidationError } from '@medflow/core';
import type {
  Claim,
  ClaimResponse,
  ClaimResponseItemAdjudication,
  Coverage,
  CoverageEligibilityRequest,
  CoverageEligibilityResponse,
  CoverageEligibilityResponseInsuranceItem,
  Money,
  Organization,
  Patient,
  Reference,
} from '@medplum/fhirtypes';
import type {
  BenefitAccumulator,
  EligibilityRequest,
  EligibilityResult,
  EligibilityServiceBenefits,
  EligibilityTerm,
  EligibilityTransport,
} from '../eligibility/result';
import { build270 } from './build';
import { ADJUSTMENT_GROUP, CARC, CLAIM_STATUS, codeDescription, ownValue, RARC, SERVICE_TYPE } from './codes';
import { type Eligibility271, type EligibilityBenefit, parse271 } from './elig271';
import { parseX12 } from './parse';
import type { Adjustment, Remittance835, RemittanceClaim, RemittanceHeader } from './remit835';
import type { EnvelopeOptions } from './writer';

export const X12_SYSTEMS = {
  serviceType: 'https://x12.org/codes/service-type-codes',
  eligibilityCode: 'https://x12.org/codes/eligibility-or-benefit-information-codes',
  rejectReason: 'https://x12.org/codes/reject-reason-codes',
  carc: 'https://x12.org/codes/claim-adjustment-reason-codes',
  rarc: 'https://x12.org/codes/remittance-advice-remark-codes',
  adjustmentGroup: 'https://x12.org/codes/claim-adjustment-group-codes',
  claimStatus: 'https://x12.org/codes/claim-status-codes',
  payerClaimControlNumber: 'urn:x12:835:clp07',
  patientControlNumber: 'urn:x12:837:clm01',
} as const;

const ADJUDICATION = 'http://terminology.hl7.org/CodeSystem/adjudication';

/** X12 CCYYMMDD (or the start of CCYYMMDD-CCYYMMDD) → ISO date. */
function isoDate(value: string | undefined): string | undefined {
  if (!value || !/^\d{8}/.test(value)) return undefined;
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

const ACTIVE = new Set(['1', '2', '3', '4', '5']);
const INACTIVE = new Set(['6', '7', '8']);

const TERM: Record<string, EligibilityTerm> = {
  '7': 'day',
  '22': 'service-year',
  '23': 'annual',
  '25': 'contract',
  '26': 'episode',
  '27': 'visit',
  '32': 'lifetime',
  '33': 'lifetime',
};

const usd = (amount: number) => ({ amount, currency: 'usd' });

function accumulate(acc: BenefitAccumulator | undefined, b: EligibilityBenefit): BenefitAccumulator {
  const out = { ...acc };
  if (b.amountCents === undefined) return out;
  // EB06 29 "remaining" and 24 "year to date" describe the same accumulator as the allowed amount.
  if (b.timePeriod === '29' || b.timePeriod === '33') out.remaining = usd(b.amountCents);
  else if (b.timePeriod === '24') out.used = usd(b.amountCents);
  else out.allowed = usd(b.amountCents);
  return out;
}

/** `{ [key]: text }` when a code table gave a text, else nothing (spread into a FHIR element). */
function labelled<K extends string>(key: K, text: string | undefined): { [P in K]?: string } {
  return (text ? { [key]: text } : {}) as { [P in K]?: string };
}

/**
 * The normalized EligibilityResult that checkEligibility returns for every transport,
 * from one 271 answer. Amounts are integer cents; coinsurance .2 becomes 20.
 */
export function eligibilityResultFrom271(answer: Eligibility271, raw: string): EligibilityResult {
  const member = answer.dependent ?? answer.subscriber;
  const buckets = new Map<string, EligibilityServiceBenefits>();
  const bucket = (b: EligibilityBenefit, serviceType: string): EligibilityServiceBenefits => {
    const network = b.network === 'in' ? 'in' : b.network === 'out' ? 'out' : 'any';
    const unit = b.coverageLevel === 'IND' ? 'individual' : b.coverageLevel === 'FAM' ? 'family' : undefined;
    const term = b.timePeriod ? ownValue(TERM, b.timePeriod) : undefined;
    const product = b.procedure ? `${b.procedure.qualifier}:${b.procedure.code}` : '';
    const base = `${serviceType}|${product}|${network}|${unit ?? ''}`;
    let found = buckets.get(`${base}|${term ?? ''}`);
    if (!found && term === undefined) {
      for (const [key, value] of buckets) if (key.startsWith(`${base}|`)) found = value;
    }
    if (!found) {
      found = {
        category: {
          system: X12_SYSTEMS.serviceType,
          code: serviceType,
          ...labelled('display', ownValue(SERVICE_TYPE, serviceType)),
        },
        ...(b.procedure
          ? {
              productOrService: {
                code: b.procedure.code,
                system:
                  b.procedure.qualifier === 'HC' ? 'http://www.ama-assn.org/go/cpt' : b.procedure.qualifier,
              },
            }
          : {}),
        network,
        ...(unit ? { unit } : {}),
        ...(term ? { term } : {}),
        excluded: false,
      };
      buckets.set(`${base}|${term ?? ''}`, found);
    } else if (term && !found.term) found.term = term;
    return found;
  };
  let inForce = false;
  let inactive = false;
  let planName: string | undefined;
  let period: { start?: string; end?: string } | undefined;
  for (const b of answer.benefits) {
    if (ACTIVE.has(b.code)) {
      inForce = true;
      planName ??= b.planDescription;
      const plan = b.dates.find((d) => d.qualifier === '291' || d.qualifier === '346');
      if (plan) period = { start: isoDate(plan.start), ...(plan.end ? { end: isoDate(plan.end) } : {}) };
    }
    if (INACTIVE.has(b.code)) inactive = true;
    const types = b.serviceTypes.length > 0 ? b.serviceTypes : ['30'];
    for (const st of types) {
      if (!['A', 'B', 'C', 'G', 'I', 'E', 'CB'].includes(b.code) && b.authorizationRequired === undefined)
        continue;
      const s = bucket(b, st);
      if (b.authorizationRequired !== undefined) s.authorizationRequired = b.authorizationRequired;
      if (b.code === 'C') s.deductible = accumulate(s.deductible, b);
      else if (b.code === 'G') s.outOfPocket = accumulate(s.outOfPocket, b);
      else if (b.code === 'B') s.copay = accumulate(s.copay, b);
      else if (b.code === 'A' && b.percent !== undefined)
        s.coinsurancePercent = Math.round(b.percent * 10000) / 100;
      else if (b.code === 'I' || b.code === 'E') s.excluded = true;
    }
  }
  if (!period) {
    const begin = member.dates.find(
      (d) => d.qualifier === '346' || d.qualifier === '356' || d.qualifier === '291',
    );
    const end = member.dates.find((d) => d.qualifier === '347' || d.qualifier === '357');
    if (begin || end) {
      period = {
        ...(begin ? { start: isoDate(begin.start) } : {}),
        ...(end || begin?.end ? { end: isoDate(end?.start ?? begin?.end) } : {}),
      };
    }
  }
  const rejected = answer.rejections.length > 0;
  return {
    source: 'x12',
    inForce: inForce && !inactive && !rejected,
    ...(period ? { benefitPeriod: period } : {}),
    plan: {
      ...((planName ?? member.planName) ? { name: planName ?? member.planName } : {}),
      ...(member.groupNumber ? { groupId: member.groupNumber } : {}),
      ...(member.planName ? { groupName: member.planName } : {}),
    },
    payer: { ...(answer.payer.id ? { id: answer.payer.id } : {}), name: answer.payer.name },
    ...(answer.subscriber.memberId ? { memberId: answer.subscriber.memberId } : {}),
    services: [...buckets.values()],
    rejections: answer.rejections.map((r) => ({
      code: r.reason,
      system: X12_SYSTEMS.rejectReason,
      ...(r.reasonDescription ? { display: r.reasonDescription } : {}),
    })),
    original: { format: 'x12', raw, parsed: answer },
  };
}

const money = (cents: number): Money => ({ value: cents / 100, currency: 'USD' });

/** A FHIR R4 CoverageEligibilityResponse equivalent to a 271 answer. */
export function toCoverageEligibilityResponse(
  answer: Eligibility271,
  context: {
    patient: Reference<Patient>;
    request: Reference<CoverageEligibilityRequest>;
    created?: string;
    coverage?: Reference<Coverage>;
  },
): CoverageEligibilityResponse {
  const result = eligibilityResultFrom271(answer, '');
  const items: CoverageEligibilityResponseInsuranceItem[] = result.services.map((s) => {
    const benefit: NonNullable<CoverageEligibilityResponseInsuranceItem['benefit']> = [];
    // R4's benefit-type has no out-of-pocket code: that one keeps its X12 EB01 coding.
    const type = (code: string) =>
      code === 'out-of-pocket'
        ? {
            coding: [
              { system: X12_SYSTEMS.eligibilityCode, code: 'G', display: 'Out of pocket (stop loss)' },
            ],
          }
        : { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/benefit-type', code }] };
    const push = (code: string, acc: BenefitAccumulator | undefined) => {
      if (!acc?.allowed && !acc?.used && !acc?.remaining) return;
      const allowed = acc.allowed?.amount;
      const used =
        acc.used?.amount ??
        (allowed !== undefined && acc.remaining ? allowed - acc.remaining.amount : undefined);
      benefit.push({
        type: type(code),
        ...(allowed !== undefined ? { allowedMoney: money(allowed) } : {}),
        ...(used !== undefined ? { usedMoney: money(used) } : {}),
      });
    };
    push('deductible', s.deductible);
    push('copay', s.copay);
    push('out-of-pocket', s.outOfPocket);
    if (s.coinsurancePercent !== undefined) {
      benefit.push({ type: type('copay-percent'), allowedUnsignedInt: Math.round(s.coinsurancePercent) });
    }
    return {
      category: {
        coding: [
          {
            system: s.category.system,
            code: s.category.code,
            ...(s.category.display ? { display: s.category.display } : {}),
          },
        ],
      },
      ...(s.productOrService
        ? {
            productOrService: {
              coding: [{ system: s.productOrService.system, code: s.productOrService.code }],
            },
          }
        : {}),
      ...(s.network !== 'any'
        ? {
            network: {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/benefit-network', code: s.network }],
            },
          }
        : {}),
      ...(s.unit
        ? {
            unit: {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/benefit-unit', code: s.unit }],
            },
          }
        : {}),
      ...(s.term
        ? {
            term: {
              coding: [{ system: 'http://terminology.hl7.org/CodeSystem/benefit-term', code: s.term }],
            },
          }
        : {}),
      excluded: s.excluded,
      ...(s.authorizationRequired !== undefined ? { authorizationRequired: s.authorizationRequired } : {}),
      ...(benefit.length > 0 ? { benefit } : {}),
    };
  });
  return {
    resourceType: 'CoverageEligibilityResponse',
    status: 'active',
    purpose: ['benefits', 'validation'],
    patient: context.patient,
    created: context.created ?? new Date().toISOString(),
    request: context.request,
    outcome: result.rejections.length > 0 ? 'error' : 'complete',
    insurer: {
      ...(answer.payer.id ? { identifier: { system: 'urn:x12:payer-id', value: answer.payer.id } } : {}),
      display: answer.payer.name,
    },
    ...(result.rejections.length > 0
      ? {
          error: result.rejections.map((r) => ({
            code: {
              coding: [{ system: r.system, code: r.code, ...(r.display ? { display: r.display } : {}) }],
            },
          })),
        }
      : {}),
    insurance: [
      {
        ...(context.coverage
          ? { coverage: context.coverage }
          : { coverage: { display: 'Coverage from the X12 271' } }),
        inforce: result.inForce,
        ...(result.benefitPeriod
          ? {
              benefitPeriod: {
                ...(result.benefitPeriod.start ? { start: result.benefitPeriod.start } : {}),
                ...(result.benefitPeriod.end ? { end: result.benefitPeriod.end } : {}),
              },
            }
          : {}),
        ...(items.length > 0 ? { item: items } : {}),
      },
    ],
  };
}

/** A clearinghouse connection: sends an X12 interchange and returns the answer interchange. */
export interface ClearinghousePort {
  exchange(x12: string, options?: { signal?: AbortSignal }): Promise<string>;
}

export interface X12EligibilityTransportOptions {
  port: ClearinghousePort;
  envelope: EnvelopeOptions;
  /** TRN02 trace numbers; random by default. */
  traceNumber?: () => string;
  /** TRN03 originator (1 or 9 + 9 characters). */
  traceOriginator?: string;
}

/** checkEligibility over X12: a 270 out through the clearinghouse port, a 271 back, the same EligibilityResult. */
export function createX12EligibilityTransport(options: X12EligibilityTransportOptions): EligibilityTransport {
  return {
    kind: 'x12',
    async check(
      request: EligibilityRequest,
      callOptions?: { signal?: AbortSignal },
    ): Promise<EligibilityResult> {
      const traceNumber = options.traceNumber?.() ?? crypto.randomUUID().replaceAll('-', '').toUpperCase();
      const built = build270(request, {
        envelope: options.envelope,
        traceNumber,
        ...(options.traceOriginator ? { traceOriginator: options.traceOriginator } : {}),
      });
      const raw = await options.port.exchange(built.text, callOptions);
      let answers: Eligibility271[];
      try {
        answers = parse271(raw);
      } catch (cause) {
        throw new ProviderError('The clearinghouse answer is not a readable X12 interchange', {
          provider: 'x12',
          cause,
        });
      }
      if (answers.length === 0) {
        const doc = parseX12(raw);
        const set = doc.interchanges[0]?.groups[0]?.transactions[0]?.header.setId;
        const rejected = doc.interchanges.some((i) => i.ta1.length > 0) || set === '999';
        throw new ProviderError(
          rejected
            ? 'The clearinghouse rejected the eligibility inquiry'
            : 'The clearinghouse answer holds no 271',
          { provider: 'x12', providerCode: set ?? 'TA1' },
        );
      }
      const answer =
        answers.find((a) => a.traces.some((t) => t.number === traceNumber)) ??
        (answers.length === 1 ? answers[0] : undefined);
      if (!answer) {
        throw new ProviderError('No 271 answer carries the trace number of the inquiry', { provider: 'x12' });
      }
      return eligibilityResultFrom271(answer, raw);
    },
  };
}

function adjudicationOf(a: Adjustment): ClaimResponseItemAdjudication {
  return {
    category: {
      coding: [
        {
          system: X12_SYSTEMS.adjustmentGroup,
          code: a.group,
          ...labelled('display', ownValue(ADJUSTMENT_GROUP, a.group)),
        },
      ],
    },
    reason: {
      coding: [
        { system: X12_SYSTEMS.carc, code: a.reason, ...(a.description ? { display: a.description } : {}) },
      ],
    },
    amount: money(a.amountCents),
    ...(a.quantity !== undefined ? { value: a.quantity } : {}),
  };
}

const category = (code: string) => ({ coding: [{ system: ADJUDICATION, code }] });

/**
 * One 835 claim as a FHIR ClaimResponse: adjudication per service line (submitted,
 * eligible (allowed), benefit (paid) and one entry per CAS with its CARC reason).
 */
export function toClaimResponse(
  claim: RemittanceClaim,
  header: RemittanceHeader,
  context: {
    patient: Reference<Patient>;
    insurer?: Reference<Organization>;
    request?: Reference<Claim>;
    created?: string;
  },
): ClaimResponse {
  if (!context.patient)
    throw new ValidationError('A patient reference is required', [
      { path: ['patient'], message: 'required' },
    ]);
  const notes = claim.remarks.concat(claim.serviceLines.flatMap((l) => l.remarks));
  const noteNumber = new Map<string, number>();
  for (const code of notes) if (!noteNumber.has(code)) noteNumber.set(code, noteNumber.size + 1);
  return {
    resourceType: 'ClaimResponse',
    status: 'active',
    type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/claim-type', code: 'professional' }] },
    use: 'claim',
    patient: context.patient,
    created: context.created ?? isoDate(header.paymentDate) ?? new Date().toISOString().slice(0, 10),
    insurer: context.insurer ?? {
      ...(header.payer.id ? { identifier: { system: 'urn:x12:payer-id', value: header.payer.id } } : {}),
      display: header.payer.name,
    },
    request: context.request ?? {
      identifier: { system: X12_SYSTEMS.patientControlNumber, value: claim.patientControlNumber },
    },
    identifier: [{ system: X12_SYSTEMS.payerClaimControlNumber, value: claim.payerClaimControlNumber }],
    outcome:
      claim.status === '4'
        ? 'error'
        : claim.serviceLines.some((l) => l.paidCents === 0)
          ? 'partial'
          : 'complete',
    ...labelled('disposition', ownValue(CLAIM_STATUS, claim.status)),
    ...(claim.adjustments.length > 0 ? { adjudication: claim.adjustments.map(adjudicationOf) } : {}),
    item: claim.serviceLines.map((line, i) => ({
      itemSequence: i + 1,
      ...(line.remarks.length > 0 ? { noteNumber: line.remarks.map((r) => noteNumber.get(r)!) } : {}),
      adjudication: [
        { category: category('submitted'), amount: money(line.chargeCents) },
        ...(line.allowedCents !== undefined
          ? [{ category: category('eligible'), amount: money(line.allowedCents) }]
          : []),
        { category: category('benefit'), amount: money(line.paidCents) },
        ...line.adjustments.map(adjudicationOf),
      ],
    })),
    total: [
      { category: category('submitted'), amount: money(claim.chargeCents) },
      { category: category('benefit'), amount: money(claim.paidCents) },
    ],
    payment: {
      type: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/ex-paymenttype', code: 'complete' }],
      },
      ...(isoDate(header.paymentDate) ? { date: isoDate(header.paymentDate) } : {}),
      amount: money(claim.paidCents),
      identifier: { system: 'urn:x12:835:trn02', value: header.trace.number },
    },
    ...(noteNumber.size > 0
      ? {
          processNote: [...noteNumber].map(([code, number]) => {
            const description = codeDescription(RARC, code);
            return {
              number,
              type: 'display' as const,
              text: description === undefined ? code : `${code}: ${description}`,
            };
          }),
        }
      : {}),
  };
}

export interface PaymentSummary {
  paymentCents: number;
  paymentMethod: string;
  paymentDate: string | undefined;
  traceNumber: string;
  payer: { name: string; id: string | undefined };
  claims: number;
  paidCents: number;
  chargeCents: number;
  patientResponsibilityCents: number;
  providerAdjustmentCents: number;
  denied: number;
  reversals: number;
  /** Σ adjustments per CAS group (CO, PR, OA, PI). */
  adjustmentsByGroup: Record<string, number>;
  /** Σ adjustments per CARC code, with the code's description when known. */
  adjustmentsByReason: { reason: string; description: string | undefined; amountCents: number }[];
  balanced: boolean;
}

/** A payment summary of one 835 (what the clinic's bookkeeping posts). */
export function summarizeRemittance(remit: Remittance835): PaymentSummary {
  // Group codes come from the file: kept in a Map, so a received `__proto__` is a key like any other.
  const byGroup = new Map<string, number>();
  const byReason = new Map<string, number>();
  let charge = 0;
  let pr = 0;
  let denied = 0;
  let reversals = 0;
  for (const c of remit.claims) {
    charge += c.chargeCents;
    pr += c.patientResponsibilityCents;
    if (c.status === '4') denied++;
    if (c.reversal) reversals++;
    for (const a of c.adjustments.concat(c.serviceLines.flatMap((l) => l.adjustments))) {
      byGroup.set(a.group, (byGroup.get(a.group) ?? 0) + a.amountCents);
      byReason.set(a.reason, (byReason.get(a.reason) ?? 0) + a.amountCents);
    }
  }
  return {
    paymentCents: remit.paymentCents,
    paymentMethod: remit.paymentMethod,
    paymentDate: isoDate(remit.paymentDate),
    traceNumber: remit.trace.number,
    payer: remit.payer,
    claims: remit.claims.length,
    paidCents: remit.totals.paidCents,
    chargeCents: charge,
    patientResponsibilityCents: pr,
    providerAdjustmentCents: remit.totals.providerAdjustmentCents,
    denied,
    reversals,
    adjustmentsByGroup: Object.fromEntries(byGroup),
    adjustmentsByReason: [...byReason].map(([reason, amountCents]) => ({
      reason,
      description: codeDescription(CARC, reason),
      amountCents,
    })),
    balanced: remit.balanced,
  };
}

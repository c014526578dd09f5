import { ValidationError } from '@medflow/core';
import type { Claim } from '@medplum/fhirtypes';
import type { Build837PAdjustment, Build837POtherPayer } from './build';
import { itemCharge, itemCoding } from './claim-items';
import type { Adjustment, RemittanceClaim, RemittanceHeader } from './remit835';

export interface OtherPayerFrom835Options {
  /** The earlier payer's place (SBR01): P by default. */
  responsibility?: Build837POtherPayer['responsibility'];
  /**
   * The subscriber of the earlier payer's coverage. By default the 835's patient (NM1*QC) with
   * its member id, which is right when the patient is the subscriber.
   */
  subscriber?: Build837POtherPayer['subscriber'];
  relationship?: string;
  groupNumber?: string;
  filingIndicator?: string;
}

const GROUPS = new Set(['CO', 'CR', 'OA', 'PI', 'PR']);

function fail(message: string, path: (string | number)[]): never {
  throw new ValidationError(message, [{ path, message }], { code: 'x12_cob' });
}

function adjustmentsOf(list: readonly Adjustment[], path: (string | number)[]): Build837PAdjustment[] {
  return list.map((a, i) => {
    if (!GROUPS.has(a.group)) fail('Adjustment group is not CO, CR, OA, PI or PR', [...path, i, 'group']);
    return {
      group: a.group as Build837PAdjustment['group'],
      reason: a.reason,
      amountCents: a.amountCents,
      ...(a.quantity !== undefined ? { quantity: a.quantity } : {}),
    };
  });
}

/**
 * What an earlier payer decided on a claim, read from its 835, as `build837P`'s
 * `parties.otherPayers` entry for the claim sent to the next payer. Each service line of the
 * remittance is matched to the claim item with the same procedure code and charge (in order,
 * each item once); a line that matches no item is refused rather than guessed. The payer's
 * check or EFT date (BPR16) becomes the adjudication date (DTP*573), the claim's patient
 * responsibility (CLP05) the remaining patient liability (AMT*EAF), and the payer's claim
 * control number (CLP07) the other payer's claim control number (2330B REF*F8), which the guide
 * asks for whenever it is known. The claim's remark codes (the 835's MOA03–MOA07) become the
 * remarks of the 2320 MOA; the reader keeps MIA remarks in the same list, and more than the five
 * an MOA holds are refused rather than cut.
 */
export function otherPayerFrom835(
  remitted: RemittanceClaim,
  header: RemittanceHeader,
  claim: Claim,
  options: OtherPayerFrom835Options = {},
): Build837POtherPayer {
  const date = header.paymentDate;
  if (!/^\d{8}$/.test(date)) fail('The remittance has no payment date (BPR16)', ['paymentDate']);
  const subscriber =
    options.subscriber ??
    (remitted.patient?.memberId
      ? {
          memberId: remitted.patient.memberId,
          family: remitted.patient.lastName,
          given: remitted.patient.firstName ? [remitted.patient.firstName] : [],
        }
      : fail('Pass the subscriber: the remittance names no patient member id', ['patient']));
  if (!header.payer.id) fail('The remittance names no payer id (N1*PR or REF*2U)', ['payer', 'id']);
  const keys = (claim.item ?? []).map((item, i) => ({
    code: itemCoding(item)?.code ?? '',
    chargeCents: itemCharge(item, i),
  }));
  const used = new Set<number>();
  const lines = remitted.serviceLines.map((line, i) => {
    const item = keys.findIndex(
      (k, j) => !used.has(j) && k.code === line.procedure.code && k.chargeCents === line.chargeCents,
    );
    if (item < 0) {
      fail('A remitted service line matches no claim item (procedure code and charge)', ['serviceLines', i]);
    }
    used.add(item);
    return {
      item,
      paidCents: line.paidCents,
      ...(line.units !== undefined ? { units: line.units } : {}),
      adjustments: adjustmentsOf(line.adjustments, ['serviceLines', i, 'adjustments']),
    };
  });
  if (remitted.remarks.length > 5) {
    fail('The remittance has more remark codes than the five an 837P MOA carries', ['remarks']);
  }
  return {
    responsibility: options.responsibility ?? 'P',
    ...(options.relationship !== undefined ? { relationship: options.relationship } : {}),
    ...(options.groupNumber !== undefined ? { groupNumber: options.groupNumber } : {}),
    ...(options.filingIndicator !== undefined ? { filingIndicator: options.filingIndicator } : {}),
    subscriber,
    payer: { name: header.payer.name, id: header.payer.id },
    paidCents: remitted.paidCents,
    remainingPatientLiabilityCents: remitted.patientResponsibilityCents,
    adjustments: adjustmentsOf(remitted.adjustments, ['adjustments']),
    ...(remitted.remarks.length > 0 ? { outpatientAdjudication: { remarks: [...remitted.remarks] } } : {}),
    adjudicationDate: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
    ...(remitted.payerClaimControlNumber ? { claimControlNumber: remitted.payerClaimControlNumber } : {}),
    lines,
  };
}

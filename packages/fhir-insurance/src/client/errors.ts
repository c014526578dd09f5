import { MedflowError, type MedflowErrorOptions, ProviderError, ValidationError } from '@medflow/core';
import type { OperationOutcome } from '@medplum/fhirtypes';

export interface FhirIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  /** FHIR issue-type code: `invalid`, `required`, `business-rule`, `not-found`, `duplicate`, … */
  code: string;
  /** FHIRPath expressions of the elements at fault, e.g. `Claim.item[0].productOrService`. */
  expression: string[];
  /** Coded details when the server sent them (system|code). */
  details?: { system?: string; code: string }[];
  /**
   * The server's human text (details.text / diagnostics). It may quote submitted values, so it
   * can hold PHI: log it only where PHI is allowed, never return it to a client.
   */
  diagnostics?: string;
}

const SEVERITIES = new Set(['fatal', 'error', 'warning', 'information']);

export function issuesFromOperationOutcome(outcome: OperationOutcome): FhirIssue[] {
  return (outcome.issue ?? []).map((issue) => {
    const coded = (issue.details?.coding ?? [])
      .filter((c) => typeof c.code === 'string')
      .map((c) => ({ ...(c.system ? { system: c.system } : {}), code: c.code as string }));
    const text = [issue.details?.text, issue.diagnostics].filter(Boolean).join(' — ');
    return {
      severity: SEVERITIES.has(issue.severity) ? issue.severity : 'error',
      code: String(issue.code ?? 'unknown'),
      expression: issue.expression ?? issue.location ?? [],
      ...(coded.length ? { details: coded } : {}),
      ...(text ? { diagnostics: text } : {}),
    };
  });
}

function statusHint(providerStatus: number): number {
  if (providerStatus === 404 || providerStatus === 410) return 404;
  if (providerStatus === 409 || providerStatus === 412) return 409;
  if (providerStatus === 400 || providerStatus === 422) return 422;
  return 502;
}

/**
 * The FHIR server answered with an OperationOutcome. The message names only the HTTP status, the
 * first issue's code and its element path, which are spec vocabulary, never submitted values.
 */
export class FhirOperationError extends ProviderError {
  readonly issues: FhirIssue[];
  readonly outcome: OperationOutcome;

  constructor(
    providerStatus: number,
    outcome: OperationOutcome,
    options: Partial<MedflowErrorOptions> & { providerRequestId?: string } = {},
  ) {
    const issues = issuesFromOperationOutcome(outcome);
    const first = issues.find((i) => i.severity === 'error' || i.severity === 'fatal') ?? issues[0];
    const where = first?.expression[0] ? ` at ${first.expression[0]}` : '';
    super(`FHIR server rejected the request (${providerStatus}${first ? `: ${first.code}${where}` : ''})`, {
      provider: 'fhir',
      providerStatus,
      providerCode: first?.code,
      code: 'fhir_operation_failed',
      status: statusHint(providerStatus),
      retryable: providerStatus >= 500 || providerStatus === 429,
      ...options,
    });
    this.issues = issues;
    this.outcome = outcome;
  }
}

/** A search went past `maxPages`; the caller asked to be told rather than get a silently short list. */
export class FhirPageLimitError extends MedflowError {
  readonly maxPages: number;
  constructor(maxPages: number) {
    super(`Search returned more than ${maxPages} pages`, { code: 'fhir_page_limit', status: 502 });
    this.maxPages = maxPages;
  }
}

/**
 * The payer answered something we cannot use (not JSON, wrong resource, wrong shape). A
 * ValidationError so `issues` name the path, but status 502: the caller's input was fine.
 */
export function invalidPayerResponse(
  message: string,
  issues: { path: (string | number)[]; message: string; code?: string }[] = [],
  cause?: unknown,
): ValidationError {
  return new ValidationError(message, issues, { code: 'fhir_invalid_response', status: 502, cause });
}

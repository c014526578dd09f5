import type { Migration } from '@medflow/core';

/** The app's own tables; the packages ship theirs (core stores, payments invoices). */
export const clinicMigrations: readonly Migration[] = [
  {
    id: 'clinic-0001-tables',
    sql: `
CREATE TABLE IF NOT EXISTS {{schema}}.clinic_patients (
  id text PRIMARY KEY,
  -- The app user who is this patient (patient portal sign-in), if any.
  user_id text UNIQUE,
  display_name text NOT NULL,
  birth_date date,
  mrn text UNIQUE
);
CREATE TABLE IF NOT EXISTS {{schema}}.clinic_invoices (
  id text PRIMARY KEY,
  number text NOT NULL UNIQUE,
  patient_id text NOT NULL REFERENCES {{schema}}.clinic_patients(id),
  version integer NOT NULL DEFAULT 1,
  amount bigint NOT NULL,
  currency text NOT NULL,
  -- Free text such as the service line: PHI, never sent to Stripe.
  description text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS {{schema}}.clinic_appointments (
  id text PRIMARY KEY,
  patient_id text NOT NULL REFERENCES {{schema}}.clinic_patients(id),
  clinician_id text NOT NULL,
  starts_at timestamptz NOT NULL,
  duration_minutes integer NOT NULL,
  reason text NOT NULL
);
CREATE TABLE IF NOT EXISTS {{schema}}.clinic_lab_reports (
  id text PRIMARY KEY,
  patient_id text,
  control_id text NOT NULL,
  code text,
  display text,
  status text NOT NULL,
  issued_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now(),
  bundle jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS {{schema}}.clinic_lab_observations (
  id text PRIMARY KEY,
  report_id text NOT NULL REFERENCES {{schema}}.clinic_lab_reports(id) ON DELETE CASCADE,
  patient_id text,
  code text,
  display text,
  value_num double precision,
  value_text text,
  unit text,
  flag text,
  reference_range text,
  effective_at timestamptz
);
CREATE TABLE IF NOT EXISTS {{schema}}.clinic_imports (
  id text PRIMARY KEY,
  patient_id text NOT NULL,
  state text NOT NULL,
  bytes bigint NOT NULL DEFAULT 0,
  records bigint NOT NULL DEFAULT 0,
  error_code text,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE TABLE IF NOT EXISTS {{schema}}.clinic_audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  action text NOT NULL,
  outcome text NOT NULL,
  provider text,
  status integer,
  actor text,
  subject text,
  error_code text,
  details jsonb
);`,
  },
];

import type { SqlClient } from '@medflow/core';

/** Demo data, inserted once: a patient, invoices, an appointment starting soon. */
export async function seed(sql: SqlClient): Promise<void> {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM clinic_patients');
  if ((rows[0]?.n ?? 0) > 0) return;
  await sql.query(
    `INSERT INTO clinic_patients (id, user_id, display_name, birth_date, mrn) VALUES
      ('pat-ava', 'user-ava', 'Ava Thompson', '1986-04-12', 'MRN-10042'),
      ('pat-ben', NULL, 'Ben Okafor', '1971-09-30', 'MRN-10043')`,
  );
  await sql.query(
    `INSERT INTO clinic_invoices (id, number, patient_id, amount, currency, description) VALUES
      ('inv_1042', 'INV-1042', 'pat-ava', 12500, 'usd', 'Dermatology consultation and biopsy'),
      ('inv_1043', 'INV-1043', 'pat-ava', 4000, 'usd', 'Lab panel: lipid, HbA1c'),
      ('inv_1044', 'INV-1044', 'pat-ben', 1500000, 'jpy', 'Travel vaccination (Japan clinic branch)')`,
  );
  // The appointment starts a few minutes from first start, so the join window is open in the demo.
  await sql.query(
    `INSERT INTO clinic_appointments (id, patient_id, clinician_id, starts_at, duration_minutes, reason) VALUES
      ('apt_2001', 'pat-ava', 'user-dr-lee', now() + interval '5 minutes', 30, 'Follow-up: rash')`,
  );
}

/** Keeps the demo appointment inside its join window however long ago the data was seeded. */
export async function refreshDemoAppointment(sql: SqlClient): Promise<void> {
  await sql.query(
    `UPDATE clinic_appointments SET starts_at = now() + interval '5 minutes'
     WHERE id = 'apt_2001' AND (starts_at < now() - interval '20 minutes' OR starts_at > now() + interval '10 minutes')`,
  );
}

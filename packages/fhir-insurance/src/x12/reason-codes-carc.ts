import { type CodeRow, splitRows } from './reason-codes-rows';

/**
 * Claim Adjustment Reason Codes, every code of the published list as of its 2026-08-17 state,
 * deactivated ones included; see reason-codes.ts for where the codes and dates come from and
 * what is not covered. One code per line: code, description, start date, stop date, separated
 * by tabs (dates left out when unknown). Kept as text and split on first use: a literal array
 * of this size cost every cold import of the x12 entry a few milliseconds of parsing.
 */
const CARC_TEXT = `1	Patient's deductible	1995-01-01
2	Patient's coinsurance share	1995-01-01
3	Patient's co-payment	1995-01-01
4	Procedure code does not fit the modifier used	1995-01-01
5	Procedure code or bill type does not fit the place of service	1995-01-01
6	Procedure or revenue code does not fit the patient's age	1995-01-01
7	Procedure or revenue code does not fit the patient's sex	1995-01-01
8	Procedure code does not fit the provider's type or specialty	1995-01-01
9	Diagnosis does not fit the patient's age	1995-01-01
10	Diagnosis does not fit the patient's sex	1995-01-01
11	Diagnosis does not support the procedure	1995-01-01
12	Diagnosis does not fit the provider type	1995-01-01
13	Service is dated after the patient's death	1995-01-01
14	Service is dated before the patient's birth	1995-01-01
15	Authorization number missing, invalid or not for this service or provider	1995-01-01
16	Claim or line lacks information or has billing errors (remark codes say which)	1995-01-01
17	Requested information missing or incomplete	1995-01-01	2009-07-01
18	Exact duplicate of a claim or service already processed	1995-01-01
19	Work-related: the workers' compensation carrier is liable	1995-01-01
20	Injury or illness covered by a liability carrier	1995-01-01
21	Injury or illness is the no-fault carrier's liability	1995-01-01
22	Another payer may cover this under coordination of benefits	1995-01-01
23	Effect of earlier payers' adjudication (payments and adjustments)	1995-01-01
24	Covered by a capitation agreement or managed care plan	1995-01-01
25	Stop-loss deductible not met	1995-01-01	2008-04-01
26	Service before coverage began	1995-01-01
27	Service after coverage ended	1995-01-01
28	No coverage in effect on the date of service	1995-01-01	2003-10-16
29	Filing time limit has passed	1995-01-01
30	Eligibility, spend-down, waiting or residency requirements not met	1995-01-01	2006-02-01
31	Patient cannot be identified as our insured	1995-01-01
32	Our records show the patient is not an eligible dependent	1995-01-01
33	Insured has no dependent coverage	1995-01-01
34	Insured has no coverage for newborns	1995-01-01
35	Lifetime benefit maximum reached	1995-01-01
36	Balance is within the co-payment	1995-01-01	2003-10-16
37	Balance is within the deductible	1995-01-01	2003-10-16
38	Not given or authorized by the designated network or primary care providers	1995-01-01	2013-01-01
39	Denied at the time authorization was requested	1995-01-01
40	Does not meet the criteria for emergency or urgent care	1995-01-01
41	Preferred provider contract discount	1995-01-01	2003-10-16
42	Charge above our fee schedule or maximum allowable (now code 45)	1995-01-01	2007-06-01
43	Gramm-Rudman budget reduction	1995-01-01	2006-07-01
44	Prompt-pay discount	1995-01-01
45	Charge above the fee schedule, maximum allowable or contracted amount	1995-01-01
46	Service not covered	1995-01-01	2003-10-16
47	Diagnosis not covered, missing or invalid	1995-01-01	2006-02-01
48	Procedure not covered	1995-01-01	2003-10-16
49	Routine or preventive care, or done with a routine exam, not covered	1995-01-01
50	Not covered: the payer does not find it medically necessary	1995-01-01
51	Not covered: pre-existing condition	1995-01-01
52	Referring, prescribing or rendering provider may not provide this service	1995-01-01	2006-02-01
53	Services by an immediate relative or household member are not covered	1995-01-01
54	Multiple physicians or assistants are not covered in this case	1995-01-01
55	Procedure, treatment or drug is considered experimental or investigational	1995-01-01
56	Procedure or treatment has not been shown to be effective	1995-01-01
57	Information does not support the level, number, length, dosage or supply	1995-01-01	2007-06-30
58	Rendered in an inappropriate or invalid place of service	1995-01-01
59	Reduced under multiple or concurrent procedure rules	1995-01-01
60	Outpatient services this close to an inpatient stay are not covered	1995-01-01
61	Reduced for lack of a required second surgical opinion	1995-01-01
62	Authorization missing or exceeded	1995-01-01	2007-04-01
63	Correction of an earlier claim	1995-01-01	2003-10-16
64	Denial reversed after medical review	1995-01-01	2003-10-16
65	Procedure code was wrong: paid under the right one	1995-01-01	2003-10-16
66	Blood deductible	1995-01-01
67	Lifetime reserve days (now reported in QTY)	1995-01-01	2003-10-16
68	DRG weight (now reported in CLP12)	1995-01-01	2003-10-16
69	Day outlier amount	1995-01-01
70	Cost outlier adjustment	1995-01-01
71	Primary payer amount (now code 23)	1995-01-01	2000-06-30
72	Coinsurance day (now reported in QTY)	1995-01-01	2003-10-16
73	Administrative days	1995-01-01	2003-10-16
74	Indirect medical education adjustment	1995-01-01
75	Direct medical education adjustment	1995-01-01
76	Disproportionate share adjustment	1995-01-01
77	Covered days (now reported in QTY)	1995-01-01	2003-10-16
78	Non-covered days or room charge adjustment	1995-01-01
79	Cost report days (now reported in MIA)	1995-01-01	2003-10-16
80	Outlier days (now reported in QTY)	1995-01-01	2003-10-16
81	Discharges	1995-01-01	2003-10-16
82	PIP days	1995-01-01	2003-10-16
83	Total visits	1995-01-01	2003-10-16
84	Capital adjustment (now reported in MIA)	1995-01-01	2003-10-16
85	Interest owed by the patient	1995-01-01
86	Statutory adjustment	1995-01-01	2003-10-16
87	Transfer amount	1995-01-01	2012-01-01
88	Recovery of an earlier overpayment	1995-01-01	2007-06-30
89	Professional fees removed from the facility charges	1995-01-01
90	Ingredient cost adjustment	1995-01-01
91	Dispensing fee adjustment	1995-01-01
92	Claim paid in full	1995-01-01	2003-10-16
93	No claim-level adjustments	1995-01-01	2003-10-16
94	Processed in excess of the charges	1995-01-01
95	Plan procedures were not followed	1995-01-01
96	Charge not covered	1995-01-01
97	Paid as part of another service or procedure already adjudicated	1995-01-01
98	The hospital must bill Medicare for this inpatient non-physician service	1995-01-01	2003-10-16
99	Medicare secondary payer adjustment	1995-01-01	2003-10-16
100	Payment was made to the patient, insured or responsible party	1995-01-01
101	Predetermination: expected payment once the service is done	1995-01-01
102	Major medical adjustment	1995-01-01
103	Provider promotional discount	1995-01-01
104	Managed care withholding	1995-01-01
105	Tax withholding	1995-01-01
106	The patient's payment option or election was not in effect	1995-01-01
107	A related or qualifying claim or service is not identified on this claim	1995-01-01
108	Rent or purchase guidelines were not met	1995-01-01
109	Not covered by this payer or contractor: send it to the right one	1995-01-01
110	Billed before the service date	1995-01-01
111	Not covered unless the provider accepts assignment	1995-01-01
112	Not furnished directly to the patient, or not documented	1995-01-01
113	Provided outside the United States or because of war	1995-01-01	2007-06-30
114	Procedure or product not approved by the FDA	1995-01-01
115	Procedure was postponed, canceled or delayed	1995-01-01
116	The advance notice signed by the patient did not meet requirements	1995-01-01
117	Transportation is covered only to the closest facility that can give the care	1995-01-01
118	ESRD network support adjustment	1995-01-01
119	Benefit maximum for this period or occurrence reached	1995-01-01
120	Patient is covered by a managed care plan (now code 24)	1995-01-01	2007-06-30
121	Indemnification adjustment for outstanding member responsibility	1995-01-01
122	Psychiatric reduction	1995-01-01
123	Payer refund for an overpayment	1995-01-01	2007-06-30
124	Payer refund: not our patient	1995-01-01	2007-06-30
125	Submission or billing errors (remark codes say which)	1995-01-01	2013-11-01
126	Major medical deductible	1997-02-28	2008-04-01
127	Major medical coinsurance	1997-02-28	2008-04-01
128	Newborn's services are covered in the mother's allowance	1997-02-28
129	Information from earlier processing appears to be wrong	1997-02-28
130	Claim submission fee	1997-02-28
131	Negotiated discount specific to this claim	1997-02-28
132	Prearranged demonstration project adjustment	1997-02-28
133	Decision pending further review	2014-07-01
134	Technical fees removed from the charges	1998-10-31
135	Interim bills cannot be processed	1998-10-31
136	Prior payer's coverage rules were not followed	1998-10-31
137	Regulatory surcharges, assessments, allowances or health-related taxes	1999-02-28
138	Appeal procedures or time limits not followed	1999-06-30
139	Contracted funding agreement: the subscriber works for the provider	1999-06-30
140	Patient's health ID number and name do not match	1999-06-30
141	Claim spans eligible and ineligible coverage periods	1999-06-30	2012-07-01
142	Monthly Medicaid patient liability amount	2000-06-30
143	Part of the payment is deferred	2001-02-28
144	Incentive adjustment, such as for a preferred product or service	2001-06-30
145	Premium payment withholding	2002-06-30	2008-04-01
146	Diagnosis not valid on the date of service	2002-06-30
147	Contracted rate expired or not on file	2002-06-30
148	Information from another provider was missing or insufficient	2002-06-30
149	Lifetime maximum reached for this service or benefit category	2002-10-31
150	Information does not support this level of service	2002-10-31
151	Information does not support this many services or this frequency	2002-10-31
152	Information does not support this length of service	2002-10-31
153	Information does not support this dosage	2002-10-31
154	Information does not support this day's supply	2002-10-31
155	Patient refused the service or procedure	2003-06-30
156	Flexible spending account payments (now code 187)	2003-09-30	2009-10-01
157	Service arose from an act of war	2003-09-30
158	Service was provided outside the United States	2003-09-30
159	Service arose from an act of terrorism	2003-09-30
160	Injury or illness came from an activity the benefits exclude	2003-09-30
161	Provider performance bonus	2004-02-29
162	State-mandated property and casualty requirement (now code P1)	2004-02-29	2014-07-01
163	Attachment or documentation named on the claim was not received	2004-06-30
164	Attachment or documentation named on the claim did not arrive in time	2004-06-30
165	Referral missing or exceeded	2004-10-31
166	Submitted after this payer's responsibility under the plan ended	2005-02-28
167	Diagnosis not covered	2005-06-30
168	Considered under the medical plan; no benefit under this dental plan	2005-06-30
169	An alternate benefit has been provided	2005-06-30
170	Not paid when done or billed by this type of provider	2005-06-30
171	Not paid when done or billed by this provider type in this type of facility	2005-06-30
172	Adjusted when done or billed by a provider of this specialty	2005-06-30
173	Not prescribed by a physician	2005-06-30
174	Not prescribed before it was delivered	2005-06-30
175	Prescription is incomplete	2005-06-30
176	Prescription is not current	2005-06-30
177	Patient does not meet the eligibility requirements	2005-06-30
178	Patient has not met the required spend-down	2005-06-30
179	Patient has not met the required waiting period	2005-06-30
180	Patient does not meet the residency requirements	2005-06-30
181	Procedure code not valid on the date of service	2005-06-30
182	Procedure modifier not valid on the date of service	2005-06-30
183	Referring provider may not refer this service	2005-06-30
184	Prescribing or ordering provider may not prescribe or order this service	2005-06-30
185	Rendering provider may not perform this service	2005-06-30
186	Level of care change adjustment	2005-06-30
187	Paid from a consumer spending account (HSA, FSA, HRA)	2005-06-30
188	Covered only when used as the FDA recommends	2005-06-30
189	An unlisted or not-otherwise-classified code was used where a specific code exists	2005-06-30
190	Included in the allowance for a skilled nursing facility stay	2005-10-31
191	Not work-related, so not the workers' compensation carrier's liability (now P2)	2005-10-31	2014-07-01
192	Non-standard adjustment code from a paper remittance	2005-10-31
193	Original decision upheld after review	2006-02-28
194	Anesthesia given by the operating physician, assistant surgeon or attending	2006-02-28
195	Refund issued to a payer that was wrongly treated as primary	2006-02-28
196	Denied on the prior payer's coverage decision (now code 136)	2006-06-30	2007-02-01
197	Precertification, authorization, notification or pre-treatment missing	2006-10-31
198	Precertification, authorization, notification or pre-treatment exceeded	2006-10-31
199	Revenue code and procedure code do not match	2006-10-31
200	Incurred during a lapse in coverage	2006-10-31
201	Patient pays this under a set-aside arrangement or other agreement	2006-10-31
202	Personal comfort or convenience services are not covered	2007-02-28
203	Service discontinued or reduced	2007-02-28
204	Not covered under the patient's current benefit plan	2007-02-28
205	Pharmacy discount card processing fee	2007-07-09
206	NPI missing	2007-07-09
207	NPI in an invalid format	2007-07-09
208	NPI does not match our records	2007-07-09
209	The provider may not collect this from the patient; refund it if collected	2007-07-09
210	Authorization was not obtained in time	2007-07-09
211	Drug code (NDC) not eligible for rebate, so not covered	2007-07-09
212	Administrative surcharges are not covered	2007-11-05
213	Physician self-referral rules were not followed	2008-01-27
214	Workers' compensation claim found not compensable (now P4)	2008-01-27	2014-07-01
215	Subrogation of a third-party settlement	2008-01-27
216	Findings of a review organization or of the payer	2008-01-27
217	Payer reasonable and customary fees (now P5)	2008-01-27	2014-07-01
218	Entitlement to benefits (now P6)	2008-01-27	2014-07-01
219	Extent of the injury	2008-01-27
220	Billed code not in the applicable fee schedule (now P7)	2008-01-27	2014-07-01
221	Claim under investigation (now P8)	2008-01-27	2014-07-01
222	Over the contracted maximum hours, days or units for this provider and period	2008-06-01
223	Mandated by a law or regulation that has no code of its own yet	2008-06-01
224	Patient identity compromised by identity theft	2008-06-01
225	Penalty or interest paid by the payer	2008-06-01
226	Information asked of the billing or rendering provider was missing or insufficient	2008-09-21
227	Information asked of the patient or insured was missing or insufficient	2008-09-21
228	A previous payer did not get the information it asked for	2008-09-21
229	Part of the charge not considered by Medicare because of the first claim's bill type	2009-01-25
230	No CPT/HCPCS code describes this service (now P9)	2009-01-25	2014-07-01
231	Mutually exclusive procedures cannot be done on the same day or in the same setting	2009-07-01
232	Institutional transfer amount	2009-11-01
233	Related to a hospital-acquired condition or preventable medical error	2010-01-24
234	Procedure is not paid separately	2010-01-24
235	Sales tax	2010-06-06
236	Procedure or procedure and modifier not compatible with another one on the same day	2011-01-30
237	Legislated or regulatory penalty	2011-06-05
238	Claim spans eligible and ineligible coverage: reduction for the ineligible part	2012-03-01
239	Claim spans eligible and ineligible coverage: bill them separately	2012-03-01
240	Diagnosis does not fit the patient's birth weight	2012-06-03
241	Low-income subsidy co-payment amount	2012-06-03
242	Not provided by network or primary care providers	2012-06-03
243	Not authorized by network or primary care providers	2012-06-03
244	Payment reduced to zero pending litigation (now P10)	2012-09-30	2014-07-01
245	Provider performance program withhold	2012-09-30
246	Code reported for information only, not payable	2012-09-30
247	Deductible for a professional service billed on an institutional claim	2012-09-30
248	Coinsurance for a professional service billed on an institutional claim	2012-09-30
249	Claim identified as a readmission	2012-09-30
250	The wrong attachment or documentation was received	2012-09-30
251	Attachment or documentation received lacks the required content	2012-09-30
252	An attachment or other documentation is needed to decide this claim	2012-09-30
253	Sequestration: reduction in federal payment	2013-06-02
254	Sent to the dental plan, which has no benefit for it: bill the medical plan	2013-06-02
255	Related property and casualty claim pending litigation (now P11)	2013-06-02	2014-07-01
256	Not payable under the managed care contract	2013-06-02
257	Undecided during the premium payment grace period	2013-11-01
258	Not covered while the patient is in custody or incarcerated	2013-11-01
259	Additional payment for a dental or vision service	2014-01-26
260	Processed under the Medicaid ACA enhanced fee schedule	2014-01-26
261	Procedure or service does not fit the patient's history	2014-06-01
262	Delivery cost adjustment	2014-11-01
263	Shipping cost adjustment	2014-11-01
264	Postage cost adjustment	2014-11-01
265	Administrative cost adjustment	2014-11-01
266	Compound preparation cost adjustment	2014-11-01
267	Spans several months: bill each month separately	2014-11-01
268	Spans two calendar years: bill one claim per year	2014-11-01
269	Anesthesia not covered for this service	2015-03-01
270	Sent to the medical plan, which has no benefit for it: bill the dental plan	2015-07-01
271	Earlier contractual reductions under a periodic payment schedule	2015-11-01
272	Coverage or program guidelines were not met	2015-11-01
273	Coverage or program guidelines were exceeded	2015-11-01
274	Not payable under the patient care coordination arrangement	2015-11-01
275	A prior payer's patient responsibility is not covered	2015-11-01
276	Services a prior payer denied are not covered by this payer	2015-11-01
277	Undecided during the SHOP exchange premium grace period	2015-11-01
278	Performance program proficiency requirements not met
279	Not given by a provider in the member's preferred (narrow) network
280	Sent to the medical plan, which has no benefit for it: bill the pharmacy plan
281	Deductible waived under the contract
282	Procedure or revenue code does not fit the type of bill
283	The attending provider may not direct this care
284	Authorization number may be valid but does not cover the billed services
285	Appeal procedures were not followed
286	Appeal time limits were not met
287	Referral exceeded
288	Referral missing
289	Considered under both the dental and medical plans; no benefit available
290	Dental plan has no benefit for it: forwarded to the medical plan
291	Medical plan has no benefit for it: forwarded to the dental plan
292	Medical plan has no benefit for it: forwarded to the pharmacy plan
293	Payment made to the employer
294	Payment made to the attorney
295	Pharmacy direct or indirect remuneration (DIR)
296	Authorization number may be valid but does not cover this provider
297	Sent to the medical plan, which has no benefit for it: bill the vision plan
298	Medical plan has no benefit for it: forwarded to the vision plan
299	The billing provider may not be paid for this service
300	Medical plan has no benefit for it: forwarded to the behavioral health plan
301	Sent to the medical plan, which has no benefit for it: bill the behavioral health plan
302	Time limit of the precertification or authorization has passed
303	Prior payer's patient responsibility not covered for qualified Medicare-Medicaid members
304	Sent to the medical plan, which has no benefit for it: bill the hearing plan
305	Medical plan has no benefit for it: forwarded to the hearing plan
306	Type of bill does not fit the patient's status
307	Medicare maximum fair price default refund adjustment (drug price negotiation)
308	Adjusted under a contracted funding agreement between payer and provider
A0	Patient refund amount	1995-01-01
A1	Claim or service denied (remark codes say why)	1995-01-01
A2	Contractual adjustment (now code 45 with group CO)	1995-01-01	2008-01-01
A3	Medicare secondary payer liability met	1995-01-01	2003-10-16
A4	Medicare PPS capital day outlier amount	1995-01-01	2008-04-01
A5	Medicare PPS capital cost outlier amount	1995-01-01
A6	Prior hospitalization or 30-day transfer requirement not met	1995-01-01
A7	Presumptive payment adjustment	1995-01-01	2015-07-01
A8	DRG cannot be grouped	1995-01-01
B1	Visits not covered	1995-01-01
B2	Covered visits	1995-01-01	2003-10-16
B3	Covered charges	1995-01-01	2003-10-16
B4	Late filing penalty	1995-01-01
B5	Coverage or program guidelines not met or exceeded (now 272 and 273)	1995-01-01	2016-05-01
B6	Adjusted for this provider type, facility type or specialty	1995-01-01	2006-02-01
B7	Provider was not certified or eligible for this service on this date	1995-01-01
B8	Alternative services were available and should have been used	1995-01-01
B9	Patient is enrolled in hospice	1995-01-01
B10	Reduced because a component of the basic procedure or test was paid separately	1995-01-01
B11	Transferred to the proper payer or processor	1995-01-01
B12	Not documented in the patient's medical records	1995-01-01
B13	Already paid: payment may have been made earlier	1995-01-01
B14	Only one visit or consultation per physician per day is covered	1995-01-01
B15	Needs a qualifying service or procedure that was received and covered	1995-01-01
B16	New patient criteria not met	1995-01-01
B17	Prescription missing, late, incomplete or not current	1995-01-01	2006-02-01
B18	Procedure code and modifier not valid on the date of service	1995-01-01	2009-03-01
B19	Adjusted on the findings of a review organization	1995-01-01	2003-10-16
B20	Furnished in part or in full by another provider	1995-01-01
B21	Reduced: care partly furnished by another physician	1995-01-01	2003-10-16
B22	Adjusted because of the diagnosis	1995-01-01
B23	Not allowed under the laboratory's CLIA proficiency testing	1995-01-01
D1	Level of subluxation missing or inadequate	1995-01-01	2003-10-16
D2	Drug name, strength or dosage missing	1995-01-01	2003-10-16
D3	Missing whether the patient owns the equipment the part or supply is for	1995-01-01	2003-10-16
D4	Missing how long the item will be needed	1995-01-01	2003-10-16
D5	Individual lab codes of the test missing	1995-01-01	2003-10-16
D6	Patient's medical record for the service missing	1995-01-01	2003-10-16
D7	Date of the patient's latest physician visit missing	1995-01-01	2003-10-16
D8	No indication that the x-ray is available for review	1995-01-01	2003-10-16
D9	Intraocular lens invoice, cost or type missing	1995-01-01	2003-10-16
D10	Physician financial relationship form not on file	1995-01-01	2003-10-16
D11	Pacemaker registration form missing	1995-01-01	2003-10-16
D12	Missing who performed the purchased test or what it cost	1995-01-01	2003-10-16
D13	Done by a facility or supplier the referring physician has a financial interest in	1995-01-01	2003-10-16
D14	No indication that a plan of treatment is on file	1995-01-01	2003-10-16
D15	No indication that a physician supervised or evaluated the service	1995-01-01	2003-10-16
D16	Prior payer payment information missing	1995-01-01	2007-06-30
D17	Invalid non-covered days	1995-01-01	2007-06-30
D18	Diagnosis information missing	1995-01-01	2007-06-30
D19	Physician, operative or other supporting documentation missing	1995-01-01	2007-06-30
D20	Service or product information missing	1995-01-01	2007-06-30
D21	Diagnosis missing or invalid	1995-01-01	2007-06-30
D22	Workers' compensation: reasons sent in separate correspondence	2008-01-27	2009-01-01
D23	Dual-eligible patient covered by Medicare Part D after retroactive eligibility	2009-11-01	2012-01-01
P1	State-mandated requirement for property and casualty	2013-11-01
P2	Not work-related, so not the workers' compensation carrier's liability	2013-11-01
P3	Workers' compensation settled: the patient pays under a set-aside arrangement	2013-11-01
P4	Workers' compensation claim found not compensable	2013-11-01
P5	Payer reasonable and customary fees (property and casualty)	2013-11-01
P6	Entitlement to benefits (property and casualty)	2013-11-01
P7	Billed code not in the applicable fee schedule (property and casualty)	2013-11-01
P8	Claim under investigation (property and casualty)	2013-11-01
P9	No CPT/HCPCS code describes this service (property and casualty)	2013-11-01
P10	Payment reduced to zero pending litigation (property and casualty)	2013-11-01
P11	Related property and casualty claim pending litigation	2013-11-01
P12	Workers' compensation jurisdictional fee schedule adjustment	2013-11-01
P13	Reduced or denied under workers' compensation jurisdiction rules or payment policy	2013-11-01
P14	Paid as part of another service done the same day (property and casualty)	2013-11-01
P15	Workers' compensation medical treatment guideline adjustment	2013-11-01
P16	Provider not authorized to treat injured workers in this jurisdiction	2013-11-01
P17	Referral not authorized by the attending physician as regulations require	2013-11-01
P18	Not in the jurisdiction fee schedule: paid as a comparable service	2013-11-01
P19	Zero relative value in the jurisdiction fee schedule: nothing due	2013-11-01
P20	Not paid under the jurisdiction outpatient facility fee schedule	2013-11-01
P21	Denied under medical payments (MPC) or personal injury protection (PIP) rules	2013-11-01
P22	Adjusted under medical payments (MPC) or personal injury protection (PIP) rules	2013-11-01
P23	MPC or PIP jurisdictional fee schedule adjustment	2013-11-01
P24	Adjusted under a preferred provider organization (property and casualty)
P25	Adjusted under a medical provider network (property and casualty)
P26	Adjusted under a voluntary provider network (property and casualty)
P27	Denied under liability coverage rules (property and casualty auto)
P28	Adjusted under liability coverage rules (property and casualty auto)
P29	Liability coverage jurisdictional fee schedule adjustment
P30	Exacerbation denied: supporting documentation incomplete
P31	Exacerbation denied: treatment longer than allowed
P32	Adjusted for apportionment
W1	Workers' compensation jurisdictional fee schedule adjustment (now P12)	2000-02-29	2014-07-01
W2	Reduced or denied under workers' compensation rules (now P13)	2010-10-17	2014-07-01
W3	Paid as part of another service done the same day (now P14)	2012-09-30	2014-07-01
W4	Workers' compensation medical treatment guideline adjustment (now P15)	2012-09-30	2014-07-01
W5	Provider not authorized to treat injured workers here (now P16)	2013-06-02	2014-07-01
W6	Referral not authorized by the attending physician (now P17)	2013-06-02	2014-07-01
W7	Not in the jurisdiction fee schedule: paid as comparable (now P18)	2013-06-02	2014-07-01
W8	Zero relative value in the jurisdiction fee schedule (now P19)	2013-06-02	2014-07-01
W9	Not paid under the outpatient facility fee schedule (now P20)	2013-06-02	2014-07-01
Y1	Denied under MPC or PIP rules (now P21)	2012-09-30	2014-07-01
Y2	Adjusted under MPC or PIP rules (now P22)	2012-09-30	2014-07-01
Y3	MPC or PIP jurisdictional fee schedule adjustment (now P23)	2012-09-30	2014-07-01`;

let rows: readonly CodeRow[] | undefined;

/** The rows, split on first use. */
export function carcRows(): readonly CodeRow[] {
  rows ??= splitRows(CARC_TEXT);
  return rows;
}

/**
 * Codes shown as deactivated in the 2026-08-17 list and as current in the 2016-03-07 one:
 * their stop date lies between the two and is not in the sources we could reach.
 */
export const CARC_STOPPED_UNDATED: readonly string[] = ['15', '138', '165', '168'];

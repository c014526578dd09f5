import { type CodeRow, splitRows } from './reason-codes-rows';

/**
 * Remittance Advice Remark Codes, every code of the published list as of its 2026-08-17 state,
 * deactivated ones included; see reason-codes.ts for where the codes and dates come from and
 * what is not covered. One code per line: code, description, start date, stop date, separated
 * by tabs (dates left out when unknown). Kept as text and split on first use: a literal array
 * of this size cost every cold import of the x12 entry a few milliseconds of parsing.
 */
const RARC_TEXT = `M1	X-ray not taken within the past 12 months or near the start of treatment	1997-01-01
M2	Not paid separately while the patient is an inpatient	1997-01-01
M3	Same or similar equipment is already in use	1997-01-01
M4	Alert: last monthly installment for this durable medical equipment	1997-01-01
M5	Monthly rental may continue until the 15th month or until no longer needed	1997-01-01
M6	Alert: you must supply and service this item for its useful lifetime	1997-01-01
M7	No rental payments once the item is bought, returned or rentals reach the price	1997-01-01
M8	Blood gas results not accepted from a supplier or while the patient is on oxygen	1997-01-01
M9	Alert: tenth rental month: offer the patient a purchase option	1997-01-01
M10	Equipment may be bought only in the first or tenth month of need	1997-01-01
M11	Bill the DME contractor that serves the patient's ZIP code	1997-01-01
M12	Physician diagnostic tests must say whether purchased services are included	1997-01-01
M13	Only one initial visit per specialty per medical group	1997-01-01
M14	No separate payment for an injection given during an office visit	1997-01-01
M15	Separately billed services or tests are bundled as parts of one procedure	1997-01-01
M16	Alert: our website, mailings or bulletins explain this policy or decision	1997-01-01
M17	Alert: paid this time because you could not have known it was not covered	1997-01-01
M18	Home-use approval does not extend to hospitals or nursing facilities	1997-01-01
M19	Oxygen certification or recertification missing	1997-01-01
M20	HCPCS code missing, incomplete or invalid	1997-01-01
M21	Place of residence for a home service missing, incomplete or invalid	1997-01-01
M22	Miles traveled missing, incomplete or invalid	1997-01-01
M23	Invoice missing	1997-01-01
M24	Doses per vial missing, incomplete or invalid	1997-01-01
M25	Information does not show this level of service is needed	1997-01-01
M26	Level of service not supported: refund the patient any excess collected	1997-01-01
M27	Alert: the patient is relieved of liability under the limitation of liability rules	1997-01-01
M28	Not payable under Part B when Part A coverage is used up or unavailable	1997-01-01
M29	Operative note or report missing	1997-01-01
M30	Pathology report missing	1997-01-01
M31	Radiology report missing	1997-01-01
M32	Alert: conditional payment pending the primary payer's decision	1997-01-01
M33	UPIN of the ordering, referring or performing provider missing or invalid	1997-01-01	2004-08-01
M34	CLIA certification number missing	1997-01-01	2004-08-01
M35	Pre-operative photos or visual field results missing or invalid	1997-01-01	2005-02-05
M36	11th rental month: show the patient was offered a purchase option	1997-01-01
M37	Not covered when the patient is under 35	1997-01-01
M38	Alert: the patient agreed in writing in advance to pay for this service	1997-01-01
M39	Alert: the patient is not liable because the advance notice was not valid	1997-01-01
M40	Claim must be assigned and filed by the practitioner's employer	1997-01-01
M41	Not paid: the patient has no legal obligation to pay	1997-01-01
M42	Medical necessity form must be signed by the attending physician	1997-01-01
M43	Already paid to you or another provider by another contractor	1997-01-01	2004-01-31
M44	Condition code missing, incomplete or invalid	1997-01-01
M45	Occurrence code missing, incomplete or invalid	1997-01-01
M46	Occurrence span code missing, incomplete or invalid	1997-01-01
M47	Payer claim control number missing, incomplete or invalid	1997-01-01
M48	Non-physician services to hospital inpatients are paid only to the hospital	1997-01-01	2004-01-31
M49	Value codes or amounts missing, incomplete or invalid	1997-01-01
M50	Revenue codes missing, incomplete or invalid	1997-01-01
M51	Procedure code missing, incomplete or invalid	1997-01-01
M52	Service from-date missing, incomplete or invalid	1997-01-01
M53	Days or units of service missing, incomplete or invalid	1997-01-01
M54	Total charges missing, incomplete or invalid	1997-01-01
M55	Self-administered anti-nausea drugs paid only with a covered oral cancer drug	1997-01-01
M56	Payer identifier missing, incomplete or invalid	1997-01-01
M57	Provider identifier missing, incomplete or invalid	1997-01-01	2005-06-02
M58	Claim information missing or invalid: resubmit after correcting	1997-01-01	2005-02-05
M59	Service to-date missing, incomplete or invalid	1997-01-01
M60	Certificate of medical necessity missing	1997-01-01
M61	The FDA clinical trial approval period has ended	1997-01-01
M62	Treatment authorization code missing, incomplete or invalid	1997-01-01
M63	Only one of these is paid per day	1997-01-01	2004-01-31
M64	Other diagnosis missing, incomplete or invalid	1997-01-01
M65	Only one interpreting physician per claim for a purchased test	1997-01-01
M66	Bill the technical and professional components of this test as separate lines	1997-01-01
M67	Other procedure codes missing, incomplete or invalid	1997-01-01
M68	Attending, ordering, rendering, supervising or referring physician ID missing	1997-01-01	2005-06-02
M69	Paid at the regular rate: no documentation for the modified procedure	1997-01-01
M70	Alert: the NDC was translated to a HCPCS code; keep sending the NDC	1997-01-01
M71	Total payment reduced for overlapping tests	1997-01-01
M72	Full 8-digit date not entered	1997-01-01	2003-10-16
M73	HPSA or scarcity bonus applies only to the professional component	1997-01-01
M74	Service does not qualify for a HPSA or scarcity bonus	1997-01-01
M75	Automated multichannel tests on the same day combined for payment	1997-01-01
M76	Diagnosis or condition missing, incomplete or invalid	1997-01-01
M77	Place of service missing, incomplete, invalid or inappropriate	1997-01-01
M78	HCPCS modifier missing, incomplete or invalid	1997-01-01	2006-05-18
M79	Charge missing, incomplete or invalid	1997-01-01
M80	Not covered in the same session or on the same date as a service already processed	1997-01-01
M81	Code to the highest level of specificity	1997-01-01
M82	Not covered when the patient is under 50	1997-01-01
M83	Not covered unless the patient is high risk	1997-01-01
M84	Use the code sets in effect on the date of service	1997-01-01
M85	Subject to review of evaluation and management services	1997-01-01
M86	Already paid for the same or a similar procedure within the set time frame	1997-01-01
M87	Subject to CFO-CAP prepayment review	1997-01-01
M88	Lab tests paid only when billed by the lab that did them	1997-01-01	2004-08-01
M89	Not covered more than once under age 40	1997-01-01
M90	Not covered more than once in 12 months	1997-01-01
M91	Lab tests under different CLIA numbers go on separate claims	1997-01-01
M92	Subject to Home Health Medical Review Initiative review	1997-01-01	2004-08-01
M93	Break in therapy supported: a new capped rental period began	1997-01-01
M94	Break in therapy not supported: no new capped rental period	1997-01-01
M95	Subject to Home Health Initiative medical review or cost report audit	1997-01-01
M96	Technical component for an inpatient is billed by the facility: bill professional only	1997-01-01
M97	Not paid to the practitioner in this place of service; included in the facility payment	1997-01-01
M98	Start reporting the Universal Product Number for this kind of item	1997-01-01	2004-01-31
M99	Universal Product Number or serial number missing, incomplete or invalid	1997-01-01
M100	Oral anti-nausea drug not given within 48 hours of covered chemotherapy	1997-01-01
M101	Start reporting a G1-G5 modifier with this HCPCS code	1997-01-01	2004-01-31
M102	Not done on FDA-approved equipment for this purpose	1997-01-01
M103	Break in therapy supported but need not shown: reduced, new capped rental period	1997-01-01
M104	Break in therapy supported: new capped rental period at the fee schedule maximum	1997-01-01
M105	Break in therapy not supported and need not shown: reduced, no new rental period	1997-01-01
M106	Break in therapy not supported: no new rental period, fee schedule maximum	1997-01-01	2004-01-31
M107	Reduced: 90-day average hematocrit of ESRD patient above 36.5%	1997-01-01
M108	Identifier of the provider who interpreted the test missing or invalid	1997-01-01	2005-06-02
M109	Bundled teleconsultation payment: send 25% to the referring practitioner	1997-01-01
M110	Identifier of the provider you bought interpretation from missing or invalid	1997-01-01	2005-06-02
M111	Chiropractic manipulation not paid when the patient refuses an x-ray	1997-01-01
M112	Paid at the DMEPOS competitive bidding single payment amount	1997-01-01
M113	Patient began using this item before the current competitive bidding contract	1997-01-01
M114	Processed under DMEPOS competitive bidding or a demonstration project	1997-01-01
M115	Denied: supplied by a non-contract or non-demonstration supplier	1997-01-01
M116	Demonstration project is ending: further services may not be paid under it	1997-01-01
M117	Not covered unless sent as an electronic claim	1997-01-01
M118	A letter with more information will follow	1997-01-01	2011-01-01
M119	Drug code (NDC) missing, incomplete, invalid, deactivated or withdrawn	1997-01-01
M120	Identifier of the substitute (locum tenens) physician missing or invalid	1997-01-01	2005-06-02
M121	Paid only when done with a covered cryosurgical ablation	1997-01-01
M122	Level of subluxation missing, incomplete or invalid	1997-01-01
M123	Drug name, strength or dosage missing, incomplete or invalid	1997-01-01
M124	Missing whether the patient owns the equipment the part or supply is for	1997-01-01
M125	How long the item or service will be needed: missing or invalid	1997-01-01
M126	Individual lab codes of the test missing, incomplete or invalid	1997-01-01
M127	Medical record for this service missing	1997-01-01
M128	Date of the patient's last physician visit missing or invalid	1997-01-01	2005-06-02
M129	Indicator that the x-ray is available for review missing or invalid	1997-01-01
M130	Intraocular lens invoice, cost or type missing	1997-01-01
M131	Physician financial relationship form missing	1997-01-01
M132	Pacemaker registration form missing	1997-01-01
M133	Claim does not say who did the purchased test or what it cost	1997-01-01
M134	Done by a facility or supplier the provider has a financial interest in	1997-01-01
M135	Plan of treatment missing, incomplete or invalid	1997-01-01
M136	Indication of physician supervision or evaluation missing or invalid	1997-01-01
M137	Part B coinsurance under a demonstration or pilot program	1997-01-01
M138	Patient was not enrolled in the demonstration when served	1997-01-01
M139	Denied services exceed the demonstration coverage limit	1997-01-01
M140	Not covered until the day after the patient's 50th birthday	1997-01-01	2004-01-30
M141	Physician-certified plan of care missing	1997-01-01
M142	American Diabetes Association recognition certificate missing	1997-01-01
M143	Provider must update license information with the payer	1997-01-01
M144	Pre- and post-operative care is included in the surgery allowance	1997-01-01
MA01	Alert: if you disagree with this decision you may appeal	1997-01-01
MA02	Alert: you may appeal in writing within 180 days	1997-01-01
MA03	Hearing may be requested when $100 or more is in dispute	1997-01-01	2006-10-01
MA04	Secondary payment needs the primary payer's identity or payment information	1997-01-01
MA05	Admission date, patient status or bill type entry incorrect	1997-01-01	2003-10-16
MA06	Beginning or ending dates missing, incomplete or invalid	1997-01-01	2004-08-01
MA07	Alert: the claim was also forwarded to Medicaid	1997-01-01
MA08	Alert: not forwarded: the supplemental coverage is not Medigap or you do not participate	1997-01-01
MA09	Alert: sent unassigned but processed as assigned under your agreement	1997-01-01
MA10	Alert: the patient overpaid: refund the excess	1997-01-01
MA11	Conditional payment: a refund may be due if other coverage applies	1997-01-01	2004-01-31
MA12	You have not shown the right to bill for the person who furnished the service	1997-01-01
MA13	Alert: billing the patient beyond the PR amounts may bring penalties	1997-01-01
MA14	Alert: patient is in an employer prepaid plan; outside services paid this time only	1997-01-01
MA15	Alert: the claim was split to speed up handling	1997-01-01
MA16	Patient is covered by the Black Lung Program: send to the Department of Labor	1997-01-01
MA17	We are primary and paid at the primary rate: the other insurer may need a refund	1997-01-01
MA18	Alert: the claim was also forwarded to the patient's supplemental insurer	1997-01-01
MA19	Alert: not sent to the Medigap insurer because its information was wrong	1997-01-01
MA20	Nursing facility stay not covered when mainly for urinary catheter convenience	1997-01-01
MA21	Social Security records show a name and sex mismatch	1997-01-01
MA22	Payment under $1.00 suppressed	1997-01-01
MA23	Demand bill approved after medical review	1997-01-01
MA24	Christian Science sanatorium or SNF bill in the same benefit period	1997-01-01
MA25	Hospice provider may be changed only once per benefit period	1997-01-01
MA26	Alert: you were told of this rule before	1997-01-01
MA27	Entitlement number or name on the claim missing, incomplete or invalid	1997-01-01
MA28	Alert: this notice to a non-assigned provider is for information only	1997-01-01
MA29	Provider name, city, state or ZIP code missing or invalid	1997-01-01	2005-06-02
MA30	Type of bill missing, incomplete or invalid	1997-01-01
MA31	Beginning and ending dates of the billed period missing or invalid	1997-01-01
MA32	Number of covered days missing, incomplete or invalid	1997-01-01
MA33	Non-covered days missing, incomplete or invalid	1997-01-01
MA34	Number of coinsurance days missing, incomplete or invalid	1997-01-01
MA35	Number of lifetime reserve days missing, incomplete or invalid	1997-01-01
MA36	Patient name missing, incomplete or invalid	1997-01-01
MA37	Patient address missing, incomplete or invalid	1997-01-01
MA38	Birth date missing, incomplete or invalid	1997-01-01	2005-06-02
MA39	Sex missing, incomplete or invalid	1997-01-01
MA40	Admission date missing, incomplete or invalid	1997-01-01
MA41	Admission type missing, incomplete or invalid	1997-01-01
MA42	Admission source missing, incomplete or invalid	1997-01-01
MA43	Patient status missing, incomplete or invalid	1997-01-01
MA44	Alert: no appeal rights: decision based on law	1997-01-01
MA45	Alert: part or all of your payment is held in a special account	1997-01-01
MA46	Alert: new information considered; no additional payment	1997-01-01
MA47	You opted out of Medicare: the patient is responsible	1997-01-01
MA48	Name or address of the responsible party or primary payer missing or invalid	1997-01-01
MA49	Six-digit home health or hospice ID for care plan oversight missing or invalid	1997-01-01	2004-08-01
MA50	Investigational device exemption or clinical trial number missing or invalid	1997-01-01
MA51	CLIA number for a physician office lab missing or invalid	1997-01-01	2005-02-05
MA52	Date missing, incomplete or invalid	1997-01-01	2005-06-02
MA53	Competitive bidding demonstration ID missing, incomplete or invalid	1997-01-01
MA54	Hospice certification or election consent not received in time	1997-01-01
MA55	Not covered: medical care revoked the religious non-medical care election	1997-01-01
MA56	You opted out of Medicare: the patient pays, up to the limiting charge	1997-01-01
MA57	Patient revoked the religious non-medical care election in writing	1997-01-01
MA58	Release of information indicator missing, incomplete or invalid	1997-01-01
MA59	Alert: the patient overpaid: refund the difference within 30 days	1997-01-01
MA60	Patient relationship to the insured missing, incomplete or invalid	1997-01-01
MA61	Social security number missing, incomplete or invalid	1997-01-01
MA62	Alert: telephone review decision	1997-01-01
MA63	Principal diagnosis missing, incomplete or invalid	1997-01-01
MA64	We are the third payer: send the primary and secondary payment information	1997-01-01
MA65	Admitting diagnosis missing, incomplete or invalid	1997-01-01
MA66	Principal procedure code missing, incomplete or invalid	1997-01-01
MA67	Alert: correction of an earlier claim	1997-01-01
MA68	Alert: not crossed over: secondary insurance information incomplete	1997-01-01
MA69	Remarks missing, incomplete or invalid	1997-01-01
MA70	Provider representative signature missing, incomplete or invalid	1997-01-01
MA71	Provider representative signature date missing, incomplete or invalid	1997-01-01
MA72	Alert: the patient overpaid for assigned services: refund within 30 days	1997-01-01
MA73	Informational remittance: patient chose managed care under a demonstration	1997-01-01
MA74	Alert: replaces an earlier payment that was lost, damaged or returned	1997-01-01
MA75	Patient or representative signature missing, incomplete or invalid	1997-01-01
MA76	Home health or hospice ID for care plan oversight missing or invalid	1997-01-01
MA77	Alert: the patient overpaid after all payments: refund within 30 days	1997-01-01
MA78	The patient overpaid our allowed amount: refund within 30 days	1997-01-01	2004-01-31
MA79	Billed above the interim rate	1997-01-01
MA80	Informational notice: the hospital was paid for the encounter under a demonstration	1997-01-01
MA81	Provider or supplier signature missing, incomplete or invalid	1997-01-01
MA82	Billing number, name, address or phone of the provider missing or invalid	1997-01-01	2005-06-02
MA83	The claim does not say whether we are the primary or secondary payer	1997-01-01
MA84	Patient not an approved participant of the emphysema treatment trial	1997-01-01
MA85	Primary payer exists but its plan name or ID is missing or wrong	1997-01-01	2004-08-01
MA86	Group or policy number of the primary coverage missing or invalid	1997-01-01	2004-08-01
MA87	Insured's name for the primary payer missing or invalid	1997-01-01	2004-08-01
MA88	Insured's address or phone for the primary payer missing or invalid	1997-01-01
MA89	Patient relationship to the insured for the primary payer missing or invalid	1997-01-01
MA90	Employment status of the primary insured missing or invalid	1997-01-01
MA91	Alert: this decision results from your appeal	1997-01-01
MA92	Plan information for the other insurance is missing	1997-01-01
MA93	Non-PIP (periodic interim payment) claim	1997-01-01
MA94	Statement that the attending physician is not a hospice employee missing	1997-01-01
MA95	Unlisted procedure billed without a narrative description	1997-01-01	2004-01-01
MA96	Rejected: coded as managed care demonstration but patient not enrolled	1997-01-01
MA97	Managed care demonstration contract or clinical trial number missing or invalid	1997-01-01
MA98	Rejected: wrong managed care demonstration contract number	1997-01-01	2003-10-16
MA99	Medigap information missing, incomplete or invalid	1997-01-01
MA100	Date of current illness or symptoms missing, incomplete or invalid	1997-01-01
MA101	The nursing facility pays outside providers for its residents	1997-01-01	2011-01-01
MA102	Name or ID of the rendering, referring, ordering or supervising provider missing	1997-01-01	2004-08-01
MA103	Hemophilia add-on	1997-01-01
MA104	Date last seen or attending physician ID missing or invalid	1997-01-01	2004-01-31
MA105	Provider number for this place of service missing or invalid	1997-01-01	2005-06-02
MA106	PIP (periodic interim payment) claim	1997-01-01
MA107	Paper claim has more than three items in field 19	1997-01-01
MA108	Paper claim has more than one item in field 23	1997-01-01
MA109	Processed under ambulatory surgical guidelines	1997-01-01
MA110	Missing whether diagnostic tests were done by an outside entity	1997-01-01
MA111	Purchase price of tests or performing lab name and address missing or invalid	1997-01-01
MA112	Group practice information missing, incomplete or invalid	1997-01-01
MA113	Taxpayer ID invalid per the IRS: claim cannot be processed until corrected	1997-01-01
MA114	Where the services were furnished is missing, incomplete or invalid	1997-01-01
MA115	Physical location of service in a shortage area missing or invalid	1997-01-01
MA116	Homebound statement for lab services missing	1997-01-01
MA117	A $1.00 user fee was charged on this claim	1997-01-01
MA118	Alert: no Medicare payment for services to a veteran at a VA facility	1997-01-01
MA119	Provider-level late filing adjustment applies to this claim	1997-01-01	2008-05-01
MA120	CLIA certification number missing, incomplete or invalid	1997-01-01
MA121	X-ray date missing, incomplete or invalid	1997-01-01
MA122	Initial treatment date missing, incomplete or invalid	1997-01-01
MA123	Your center was not selected for this study: not paid	1997-01-01
MA124	Processed for indirect medical education only	1997-01-01	2004-01-31
MA125	By law, this payment is payment in full	1997-01-01
MA126	Pancreas transplant not covered without a kidney transplant	2001-10-12
MA127	Reserved for future use	2001-10-12	2005-06-02
MA128	FDA approval number missing, incomplete or invalid	2001-10-12
MA129	Provider not certified for this procedure on this date	2001-10-12	2004-01-31
MA130	Claim has missing or invalid information and cannot be processed; send a new claim	2001-10-12
MA131	Physician already paid under this demonstration: physician must withdraw first	2001-10-12
MA132	Adjustment to the pre-demonstration rate	2001-10-12
MA133	Claim overlaps an inpatient stay: rebill only services outside it	2001-10-12
MA134	Provider number of the patient's residence facility missing or invalid	2001-10-12
N1	Alert: you may appeal in writing within the time limits your contract or plan sets	2000-01-01
N2	Allowed under the plan's most appropriate course of treatment provision	2000-01-01
N3	Consent form missing	2000-01-01
N4	Prior insurer's explanation of benefits missing, incomplete or invalid	2000-01-01
N5	Previous payer's EOB received but the claim is not on file	2000-01-01
N6	Federal employee plan pays no more than Medicare would have allowed	2000-01-01
N7	Alert: considered under major medical provisions	2000-01-01
N8	Crossover denied by the previous payer without full data: resubmit to us	2000-01-01
N9	Estimated amount a previous payer may pay	2000-01-01
N10	Adjusted after review by a review organization, consultant or advisor	2000-01-01
N11	Denial reversed after medical review	2000-01-01
N12	Medicare supplement: member not enrolled in that Medicare part pays its share	2000-01-01
N13	Paid per the professional or technical component modifier	2000-01-01
N14	Paid per contract amount, fee schedule or maximum allowable	2000-01-01	2007-10-01
N15	Bill newborn services separately	2000-01-01
N16	Family or member out-of-pocket maximum met: paid at a higher percentage	2000-01-01
N17	Per-admission deductible	2000-01-01	2004-08-01
N18	Paid on the Medicare allowed amount	2000-01-01	2004-01-31
N19	Procedure code is incidental to the primary procedure	2000-01-01
N20	Not payable with another service on the same date	2000-01-01
N21	Alert: the line was split into several lines to speed up handling	2000-01-01
N22	Alert: the procedure code was added or changed to one that better describes the service	2000-01-01
N23	Alert: coordination of benefits or benefit maximums may change patient liability	2000-01-01
N24	EFT banking information missing, incomplete or invalid	2000-01-01
N25	Administrator pays claims for your plan but bears no financial risk	2000-01-01
N26	Itemized bill missing	2000-01-01
N27	Treatment number missing, incomplete or invalid	2000-01-01
N28	Consent form requirements not met	2000-01-01
N29	Documentation, orders, notes or report missing	2000-01-01	2016-03-01
N30	Patient not eligible for this service	2000-01-01
N31	Prescribing provider identifier missing, incomplete or invalid	2000-01-01
N32	Claim must come from the provider who rendered the service	2000-01-01
N33	No record of a health check before treatment began	2000-01-01
N34	Wrong claim form or format for this service	2000-01-01
N35	Program integrity or utilization review decision	2000-01-01
N36	Claim must meet the primary payer's requirements before we consider it	2000-01-01
N37	Tooth number or letter missing, incomplete or invalid	2000-01-01
N38	Place of service missing, incomplete or invalid	2000-01-01	2005-02-05
N39	Procedure code does not fit the tooth number or letter	2000-01-01
N40	Radiology films or images missing	2000-01-01
N41	Authorization request denied	2000-01-01	2003-10-16
N42	Mental health assessment missing	2000-01-01
N43	Bed hold or leave days exceeded	2000-01-01
N44	Payer's share of regulatory surcharges paid directly to the authority	2000-01-01	2003-10-16
N45	Paid on the authorized amount	2000-01-01
N46	Admission hour missing, incomplete or invalid	2000-01-01
N47	Claim conflicts with another inpatient stay	2000-01-01
N48	Claim does not agree with information from the other insurer	2000-01-01
N49	Court-ordered coverage information needs validation	2000-01-01
N50	Discharge information missing, incomplete or invalid	2000-01-01
N51	No electronic interchange agreement on file for the provider or submitter	2000-01-01
N52	Patient not enrolled in the billing provider's managed care plan on that date	2000-01-01
N53	Pick-up address missing, incomplete or invalid	2000-01-01
N54	Claim does not match the services that were pre-certified or authorized	2000-01-01
N55	Billing procedures for group, referring or performing providers not followed	2000-01-01
N56	Procedure code not correct or valid for the services or date billed	2000-01-01
N57	Prescribing date missing, incomplete or invalid	2000-01-01
N58	Patient liability amount missing, incomplete or invalid	2000-01-01
N59	Alert: the provider manual has more program and provider information	2000-01-01
N60	A valid NDC is required for drug claims	2000-01-01	2004-01-31
N61	Rebill the services on separate claims	2000-01-01
N62	Service dates span several rate periods: bill separate claims	2000-01-01
N63	Rebill the services on separate claim lines	2000-01-01
N64	From and to dates must differ	2000-01-01
N65	Procedure code or rate count not on file for this date or provider	2000-01-01
N66	Documentation missing, incomplete or invalid	2000-01-01	2005-02-05
N67	Professional services included in the demonstration facility payment	2000-01-01
N68	Earlier payment canceled: covered by a demonstration at this site; refund within 30 days	2000-01-01
N69	Alert: PPS code changed by the claims system	2000-01-01
N70	Consolidated billing and payment apply	2000-01-01
N71	Unassigned drug, lab or ambulance claim processed as assigned, as the law requires	2000-01-01
N72	PPS code changed by medical reviewers: records did not support it	2000-01-01
N73	Nursing facility pays outside providers serving its residents under arrangement	2000-01-01	2004-01-31
N74	Bill one claim per calendar month	2000-01-01
N75	Tooth surface information missing, incomplete or invalid	2000-01-01
N76	Number of riders missing, incomplete or invalid	2000-01-01
N77	Designated provider number missing, incomplete or invalid	2000-01-01
N78	Required parts of the child and teen checkup (EPSDT) not completed	2000-01-01
N79	Service does not fit the patient location information	2000-01-01
N80	Prenatal screening information missing, incomplete or invalid	2000-01-01
N81	Procedure does not fit the tooth surface code	2000-01-01
N82	Accept the insurance payment as payment in full under the third-party contract	2000-01-01
N83	No appeal rights: decision under a demonstration project	2000-01-01
N84	Alert: more installment payments will follow	2000-01-01
N85	Alert: final installment payment	2000-01-01
N86	Biofeedback for incontinence needs a failed trial of pelvic muscle exercises first	2000-01-01
N87	Home biofeedback therapy not covered	2000-01-01
N88	Alert: conditional payment; recovered if a home health episode applies	2000-01-01
N89	Alert: forwarded to several payers; only one can be named here	2000-01-01
N90	Covered only when done by the attending physician	2000-01-01
N91	Services not included in the appeal review	2000-01-01
N92	Facility not certified for digital mammography	2000-01-01
N93	One claim per place of service	2000-01-01
N94	A more specific taxonomy code is needed	2000-01-01
N95	This provider type or specialty may not bill this service	2001-07-31
N96	Patient must not respond to conventional therapy and be fit for implant surgery	2001-08-24
N97	Certain incontinence, obstruction and neurologic conditions are excluded	2001-08-24
N98	Implant needs a successful test stimulation with 50% improvement first	2001-08-24
N99	Patient must be able to keep a voiding diary	2001-08-24
N100	PPS code corrected during adjudication	2001-09-14	2016-11-01
N101	Site-of-service provider number needed: resubmit with it	2001-10-31	2004-01-31
N102	Denied without review because requested records were not received in time	2001-10-31	2016-07-01
N103	Patient was in custody of a federal, state or local authority at the time of service	2001-10-31
N104	Not payable in our claims jurisdiction	2002-01-29
N105	Misdirected claim for a Railroad Retirement beneficiary: send to the RRB contractor	2002-01-29
N106	Services to nursing facility inpatients are paid only to the facility	2002-01-31
N107	Services to nursing facility inpatients go on the inpatient claim	2002-01-31
N108	Upgrade information missing, incomplete or invalid	2002-01-31
N109	Alert: chosen for complex review	2002-02-28
N110	Facility not certified for film mammography	2002-02-28
N111	No appeal except on the duplicate issue: already billed and decided	2002-02-28
N112	Claim left out of your electronic remittance advice	2002-02-28
N113	Only one initial visit per physician, group or provider	2002-04-16
N114	Ambulance fee schedule transition: paid on a blended amount	2002-05-30
N115	Decided under a Local Coverage Determination (LCD)	2002-05-30
N116	Alert: conditional payment; may be recovered if a home health episode applies	2002-06-30
N117	Paid only once in a lifetime	2002-07-30
N118	Not paid if billed more than once every 28 days	2002-07-30
N119	Not paid for a 28-day period with 5 or more inpatient or nursing facility days	2002-07-30
N120	Home health partial episode payment adjustment	2002-08-09
N121	Part B does not pay this practitioner type during a covered Part A nursing facility stay	2002-09-09
N122	An add-on code cannot be billed by itself	2002-09-12
N123	Alert: split service: part of the units originally billed	2002-09-24
N124	Need for the more extensive service not shown; patient agreed in writing to pay	2002-09-26
N125	Need for the more extensive service not shown: refund the patient within 30 days	2002-09-26
N126	Individual has been deported: not covered	2002-10-17
N127	Misdirected claim for a United Mine Workers beneficiary: send it to them	2007-10-31
N128	Portion of the allowance before coverage began	2002-10-31
N129	Not eligible because of the patient's age	2002-10-31
N130	Alert: check the plan's benefit documents for limits on this service	2002-10-31
N131	Total payments under several contracts cannot exceed the allowance	2002-10-31
N132	Alert: payments to this debarred or excluded provider stop after the grace period	2002-10-31
N133	Alert: predetermination and payment requests are processed separately	2002-10-31
N134	Alert: your scheduled payment for this service	2002-10-31
N135	Record fees are the patient's, limited to the set co-payment	2002-10-31
N136	Alert: how to file an appeal in Arizona	2002-10-31
N137	Alert: the provider may appeal, or complain to the state regulator for urgent care	2002-10-31
N138	Alert: you may send radiographs for a second dental advisor review	2002-10-31
N139	Alert: a non-participating provider may appeal only as the beneficiary's representative	2002-10-31
N140	Alert: not an authorized overseas provider; may appeal only as representative	2002-10-31
N141	Patient was not in a long-term care facility for all the billed dates	2002-10-31
N142	Original claim denied: send a new claim, not a replacement	2002-10-31
N143	Patient was not in hospice for all the billed dates	2002-10-31
N144	Rate changed during the billed dates	2002-10-31
N145	Provider identifier for this place of service missing or invalid	2002-10-31	2005-06-02
N146	Screening document missing	2002-10-31
N147	Long-term care rate cannot be set: patient ID missing or invalid	2002-10-31
N148	Date of last menstrual period missing, incomplete or invalid	2002-10-31
N149	Rebill all related services on one claim	2002-10-31
N150	Model number missing, incomplete or invalid	2002-10-31
N151	Telephone contacts not paid until the face-to-face requirement is met	2002-10-31
N152	Replacement claim information missing, incomplete or invalid	2002-10-31
N153	Room and board rate missing, incomplete or invalid	2002-10-31
N154	Alert: payment delayed to correct the provider's mailing address	2002-10-31
N155	Alert: no other insurance on file: please send it	2002-10-31
N156	Alert: the patient pays the difference for the elective treatment	2002-10-31
N157	Transportation to or from this destination is not covered	2003-02-28
N158	Transportation in a vehicle other than an ambulance is not covered	2003-02-28
N159	Mileage not covered when the patient is not in the ambulance	2003-02-28
N160	The patient must choose an option before payment	2003-02-28
N161	Covered only when the related service is covered	2003-02-28
N162	Alert: paid, but the test is outside your lab certification	2003-02-28
N163	Medical record does not support the code billed	2003-02-28
N164	Transportation to or from this destination is not covered	2003-02-28	2004-01-31
N165	Transportation in a vehicle other than an ambulance is not covered	2003-02-28	2004-01-31
N166	Mileage not covered when the patient is not in the ambulance	2003-02-28	2004-01-31
N167	Over the post-transplant coverage limit	2003-02-28
N168	The patient must choose an option before payment	2003-02-28	2004-01-31
N169	Covered only when the related service is covered	2003-02-28	2004-01-31
N170	A new, revised or renewed certificate of medical necessity is needed	2003-02-28
N171	Repair or replacement not covered or above the purchase price	2003-02-28
N172	Patient not liable for denied charges for an upgraded item	2003-02-28
N173	No qualifying hospital stay dates given for this episode	2003-02-28
N174	Not covered; patient liability limited to the PR amounts	2003-02-28
N175	Review organization approval missing	2003-02-28
N176	Care aboard a ship covered only on a US ship in US waters by a US-licensed doctor	2003-02-28
N177	Alert: not sent to the other insurer, which will not pay more	2003-02-28
N178	Pre-operative images or visual field results missing	2003-02-28
N179	More information was requested from the member; the charges will be reviewed again	2003-02-28
N180	Does not meet the criteria of the category it was billed under	2003-02-28
N181	More information needed from another provider involved in this service	2003-02-28
N182	Bill according to this plan's schedule	2003-02-28
N183	Alert: predetermination: documentation will be needed when billed	2003-02-28
N184	Rebill the technical and professional components separately	2003-02-28
N185	Alert: do not resubmit this claim or service	2003-02-28
N186	Non-availability statement needed: contact the nearest military treatment facility	2003-02-28
N187	Alert: you may request a review in writing within the time limits	2003-02-28
N188	Approved level of care does not match the procedure code	2003-02-28
N189	Alert: paid as a one-time exception to plan limits	2003-02-28
N190	Contract indicator missing	2003-02-28
N191	Provider must update insurance information directly with the payer	2003-02-28
N192	Alert: patient is a Medicaid or qualified Medicare beneficiary	2003-02-28
N193	Alert: another program may cover this through another payer	2003-02-28
N194	Technical component not paid if the provider does not own the equipment	2003-02-25
N195	Bill the technical component separately	2003-02-25
N196	Alert: patient may apply for other coverage, which may be primary	2003-02-25
N197	Subscriber must update insurance information directly with the payer	2003-02-25
N198	Rendering provider must be affiliated with the pay-to provider	2003-02-25
N199	Additional payment or recovery after a payer review or audit	2003-02-25
N200	Bill the professional component separately	2003-02-25
N201	Mental health facility pays outside providers for its residents	2003-02-25	2011-01-01
N202	Alert: more information will be sent separately	2003-06-30
N203	Anesthesia time or units missing, incomplete or invalid	2003-06-30
N204	Under review for a pre-existing condition: send 12 months of records	2003-06-30
N205	Information provided was illegible	2003-06-30
N206	Supporting documents do not match the claim	2003-06-30
N207	Weight missing, incomplete or invalid	2003-06-30
N208	DRG code missing, incomplete or invalid	2003-06-30
N209	Taxpayer ID missing, incomplete or invalid	2003-06-30
N210	Alert: you may appeal this decision	2003-06-30
N211	Alert: this decision cannot be appealed	2003-06-30
N212	Processed under a point-of-service benefit	2004-02-01
N213	Facility or unit DRG exempt status information missing or invalid	2004-04-01
N214	History of the related first surgery missing or invalid	2004-04-01
N215	Alert: a secondary payer may not require the primary payer's decision first	2004-04-01
N216	Service not offered, or patient not enrolled in this part of the plan	2004-04-01
N217	Only one site of service per provider per claim	2004-08-01
N218	You must supply and service this item while needed; maintenance paid as contracted	2004-08-01
N219	Paid on the previous payer's allowed amount	2004-08-01
N220	Alert: the payer's website or customer service has provider dispute forms	2004-08-01
N221	Admitting history and physical missing	2004-08-01
N222	Admitting history and physical incomplete or invalid	2004-08-01
N223	Documentation of benefit during the initial treatment period missing	2004-08-01
N224	Documentation of benefit during the initial treatment period incomplete or invalid	2004-08-01
N225	Documentation, orders, notes or report incomplete or invalid	2004-08-01	2016-03-01
N226	American Diabetes Association certificate incomplete or invalid	2004-08-01
N227	Certificate of medical necessity incomplete or invalid	2004-08-01
N228	Consent form incomplete or invalid	2004-08-01
N229	Contract indicator incomplete or invalid	2004-08-01
N230	Whether the patient owns the equipment: incomplete or invalid	2004-08-01
N231	Intraocular lens invoice, cost or type incomplete or invalid	2004-08-01
N232	Itemized bill incomplete or invalid	2004-08-01
N233	Operative note or report incomplete or invalid	2004-08-01
N234	Oxygen certification incomplete or invalid	2004-08-01
N235	Pacemaker registration form incomplete or invalid	2004-08-01
N236	Pathology report incomplete or invalid	2004-08-01
N237	Medical record for this service incomplete or invalid	2004-08-01
N238	Physician-certified plan of care incomplete or invalid	2004-08-01
N239	Physician financial relationship form incomplete or invalid	2004-08-01
N240	Radiology report incomplete or invalid	2004-08-01
N241	Review organization approval incomplete or invalid	2004-08-01
N242	Radiology films or images incomplete or invalid	2004-08-01
N243	Screening document incomplete, invalid or not approved	2004-08-01
N244	Pre-operative images or visual field results incomplete or invalid	2004-08-01
N245	Plan information for the other insurance incomplete or invalid	2004-08-01
N246	State limits on patient payments apply	2004-12-02
N247	Assistant surgeon taxonomy missing, incomplete or invalid	2004-12-02
N248	Assistant surgeon name missing, incomplete or invalid	2004-12-02
N249	Assistant surgeon primary identifier missing, incomplete or invalid	2004-12-02
N250	Assistant surgeon secondary identifier missing, incomplete or invalid	2004-12-02
N251	Attending provider taxonomy missing, incomplete or invalid	2004-12-02
N252	Attending provider name missing, incomplete or invalid	2004-12-02
N253	Attending provider primary identifier missing, incomplete or invalid	2004-12-02
N254	Attending provider secondary identifier missing, incomplete or invalid	2004-12-02
N255	Billing provider taxonomy missing, incomplete or invalid	2004-12-02
N256	Billing provider name missing, incomplete or invalid	2004-12-02
N257	Billing provider primary identifier missing, incomplete or invalid	2004-12-02
N258	Billing provider address missing, incomplete or invalid	2004-12-02
N259	Billing provider secondary identifier missing, incomplete or invalid	2004-12-02
N260	Billing provider contact information missing, incomplete or invalid	2004-12-02
N261	Operating provider name missing, incomplete or invalid	2004-12-02
N262	Operating provider primary identifier missing, incomplete or invalid	2004-12-02
N263	Operating provider secondary identifier missing, incomplete or invalid	2004-12-02
N264	Ordering provider name missing, incomplete or invalid	2004-12-02
N265	Ordering provider's primary identifier missing, incomplete or invalid	2004-12-02
N266	Ordering provider address missing, incomplete or invalid	2004-12-02
N267	Ordering provider secondary identifier missing, incomplete or invalid	2004-12-02
N268	Ordering provider contact information missing, incomplete or invalid	2004-12-02
N269	Other provider name missing, incomplete or invalid	2004-12-02
N270	Other provider primary identifier missing, incomplete or invalid	2004-12-02
N271	Other provider secondary identifier missing, incomplete or invalid	2004-12-02
N272	Other payer's attending provider identifier missing or invalid	2004-12-02
N273	Other payer's operating provider identifier missing or invalid	2004-12-02
N274	Other payer's other provider identifier missing or invalid	2004-12-02
N275	Other payer's purchased service provider identifier missing or invalid	2004-12-02
N276	Other payer's referring provider identifier missing or invalid	2004-12-02
N277	Other payer's rendering provider identifier missing or invalid	2004-12-02
N278	Other payer's service facility identifier missing or invalid	2004-12-02
N279	Pay-to provider name missing, incomplete or invalid	2004-12-02
N280	Pay-to provider primary identifier missing, incomplete or invalid	2004-12-02
N281	Pay-to provider address missing, incomplete or invalid	2004-12-02
N282	Pay-to provider secondary identifier missing, incomplete or invalid	2004-12-02
N283	Purchased service provider identifier missing, incomplete or invalid	2004-12-02
N284	Referring provider taxonomy missing, incomplete or invalid	2004-12-02
N285	Referring provider name missing, incomplete or invalid	2004-12-02
N286	Referring provider's primary identifier missing, incomplete or invalid	2004-12-02
N287	Referring provider secondary identifier missing, incomplete or invalid	2004-12-02
N288	Rendering provider taxonomy missing, incomplete or invalid	2004-12-02
N289	Rendering provider name missing, incomplete or invalid	2004-12-02
N290	Rendering provider's primary identifier missing, incomplete or invalid	2004-12-02
N291	Rendering provider secondary identifier missing, incomplete or invalid	2004-12-02
N292	Service facility name missing, incomplete or invalid	2004-12-02
N293	Service facility primary identifier missing, incomplete or invalid	2004-12-02
N294	Service facility address missing, incomplete or invalid	2004-12-02
N295	Service facility secondary identifier missing, incomplete or invalid	2004-12-02
N296	Supervising provider name missing, incomplete or invalid	2004-12-02
N297	Supervising provider primary identifier missing, incomplete or invalid	2004-12-02
N298	Supervising provider secondary identifier missing, incomplete or invalid	2004-12-02
N299	Occurrence dates missing, incomplete or invalid	2004-12-02
N300	Occurrence span dates missing, incomplete or invalid	2004-12-02
N301	Procedure dates missing, incomplete or invalid	2004-12-02
N302	Other procedure dates missing, incomplete or invalid	2004-12-02
N303	Principal procedure date missing, incomplete or invalid	2004-12-02
N304	Dispensed date missing, incomplete or invalid	2004-12-02
N305	Injury or accident date missing, incomplete or invalid	2004-12-02
N306	Acute manifestation date missing, incomplete or invalid	2004-12-02
N307	Adjudication or payment date missing, incomplete or invalid	2004-12-02
N308	Appliance placement date missing, incomplete or invalid	2004-12-02
N309	Assessment date missing, incomplete or invalid	2004-12-02
N310	Date care was assumed or relinquished missing or invalid	2004-12-02
N311	Return-to-work date missing, incomplete or invalid	2004-12-02
N312	Therapy start date missing, incomplete or invalid	2004-12-02
N313	Certification revision date missing, incomplete or invalid	2004-12-02
N314	Diagnosis date missing, incomplete or invalid	2004-12-02
N315	Disability from-date missing, incomplete or invalid	2004-12-02
N316	Disability to-date missing, incomplete or invalid	2004-12-02
N317	Discharge hour missing, incomplete or invalid	2004-12-02
N318	Discharge or end-of-care date missing, incomplete or invalid	2004-12-02
N319	Hearing or vision prescription date missing, incomplete or invalid	2004-12-02
N320	Home health certification period missing, incomplete or invalid	2004-12-02
N321	Last admission period missing, incomplete or invalid	2004-12-02
N322	Last certification date missing, incomplete or invalid	2004-12-02
N323	Last contact date missing, incomplete or invalid	2004-12-02
N324	Last seen or visit date missing, incomplete or invalid	2004-12-02
N325	Last worked date missing, incomplete or invalid	2004-12-02
N326	Last x-ray date missing, incomplete or invalid	2004-12-02
N327	Other insured's birth date missing, incomplete or invalid	2004-12-02
N328	Oxygen saturation test date missing, incomplete or invalid	2004-12-02
N329	Patient birth date missing, incomplete or invalid	2004-12-02
N330	Patient death date missing, incomplete or invalid	2004-12-02
N331	Physician order date missing, incomplete or invalid	2004-12-02
N332	Prior hospital discharge date missing, incomplete or invalid	2004-12-02
N333	Prior placement date missing, incomplete or invalid	2004-12-02
N334	Re-evaluation date missing, incomplete or invalid	2004-12-02
N335	Referral date missing, incomplete or invalid	2004-12-02
N336	Replacement date missing, incomplete or invalid	2004-12-02
N337	Secondary diagnosis date missing, incomplete or invalid	2004-12-02
N338	Shipped date missing, incomplete or invalid	2004-12-02
N339	Similar illness or symptom date missing, incomplete or invalid	2004-12-02
N340	Subscriber birth date missing, incomplete or invalid	2004-12-02
N341	Surgery date missing, incomplete or invalid	2004-12-02
N342	Test date missing, incomplete or invalid	2004-12-02
N343	TENS trial start date missing, incomplete or invalid	2004-12-02
N344	TENS trial end date missing, incomplete or invalid	2004-12-02
N345	Date range does not fit the units billed	2005-03-30
N346	Oral cavity designation missing, incomplete or invalid	2005-03-30
N347	Referred or purchased service already paid to another provider	2005-03-30
N348	You chose to have a different practitioner or supplier provide and bill this	2005-08-01
N349	Administration method and drug must be reported	2005-08-01
N350	Description for an unlisted or not-otherwise-classified code missing or invalid	2005-08-01
N351	Service date outside the approved treatment plan dates	2005-08-01
N352	Alert: no scheduled payments: bill each visit	2005-08-01
N353	Alert: benefits estimated; more may be paid once the service is billed	2005-08-01
N354	Invoice incomplete or invalid	2005-08-01
N355	Alert: exceptions to the refund requirement and how to appeal	2005-08-01
N356	Not covered with or after a non-covered service	2005-08-01
N357	Required time between this and a related service not met	2005-11-18
N358	Alert: may be reviewed if more documentation is sent	2005-11-18
N359	Height missing, incomplete or invalid	2005-11-18
N360	Alert: estimate excludes coordination of benefits: send the primary payment with the claim	2005-11-18
N361	Adjusted under multiple diagnostic imaging rules	2005-11-18	2007-10-01
N362	Days or units of service exceed the acceptable maximum	2005-11-18
N363	Alert: new policies coming soon would affect this decision	2005-11-18
N364	Alert: under our agreement you must waive the deductible or coinsurance	2005-11-18
N365	Code is for reporting only, not payable	2006-04-01	2014-07-01
N366	Requested information not provided: reopened if sent within one year	2006-04-01
N367	Alert: forwarded to a consumer spending account processor	2006-04-01
N368	Appeal the decision on the earlier claim instead	2006-04-01
N369	Alert: processed, but deficient under state rules	2006-04-01
N370	Billing exceeds the approved rental months	2006-08-01
N371	Alert: title to this equipment must pass to the patient	2006-08-01
N372	Only reasonable and necessary maintenance is covered	2006-08-01
N373	Another payer wrongly paid as primary: refunding that payer	2006-12-01
N374	Part A exhausted: a Part B remittance is required	2006-12-01
N375	Dependent eligibility questionnaire missing, incomplete or invalid	2006-12-01
N376	Member is on active military duty: TRICARE may be primary	2006-12-01
N377	Paid on a processed replacement claim	2006-12-01
N378	Prescription quantity missing, incomplete or invalid	2006-12-01
N379	Claim-level information does not match line-level information	2006-12-01
N380	Original claim processed: send a corrected claim	2007-04-01
N381	Alert: see our contract for limits or billing and payment information on these charges	2007-04-01
N382	Patient identifier missing, incomplete or invalid	2007-04-01
N383	Not covered when cosmetic	2007-04-01
N384	The body part or tooth was removed in an earlier procedure	2007-04-01
N385	Admission notification not timely	2007-04-01
N386	Decided under a National Coverage Determination (NCD)	2007-04-01
N387	Alert: send this to the patient's other insurer; we did not forward it	2007-04-01
N388	Prescription number missing, incomplete or invalid	2007-08-01
N389	Duplicate prescription number	2007-08-01
N390	Service or report cannot be billed separately	2007-08-01
N391	Emergency department records missing	2007-08-01
N392	Emergency department records incomplete or invalid	2007-08-01
N393	Progress notes missing	2007-08-01
N394	Progress notes incomplete or invalid	2007-08-01
N395	Laboratory report missing	2007-08-01
N396	Laboratory report incomplete or invalid	2007-08-01
N397	No benefit for incomplete services or undelivered items	2007-08-01
N398	Elective consent form missing	2007-08-01
N399	Elective consent form incomplete or invalid	2007-08-01
N400	Alert: electronically enabled providers should bill electronically	2007-08-01
N401	Periodontal charting missing	2007-08-01
N402	Periodontal charting incomplete or invalid	2007-08-01
N403	Facility certification missing	2007-08-01
N404	Facility certification incomplete or invalid	2007-08-01
N405	Covered only when the donor's insurer does not cover it	2007-08-01
N406	Covered only when the recipient's insurer does not cover it	2007-08-01
N407	Not an approved submitter for this format	2007-08-01
N408	Deductibles from a previous payer are not covered	2007-08-01
N409	Accidental injury care covered only within a set time after the accident	2007-08-01
N410	Not covered unless the prescription changes	2007-08-01
N411	Allowed once in 6 months	2007-08-01
N412	Allowed twice in 12 months	2007-08-01
N413	Allowed twice in a benefit year	2007-08-01
N414	Allowed 4 times in 12 months	2007-08-01
N415	Allowed once in 18 months	2007-08-01
N416	Allowed once in 3 years	2007-08-01
N417	Allowed once in 5 years	2007-08-01
N418	Claim sent to the wrong payer: see its submission instructions	2007-08-01
N419	Retroactive adjustment for a rate change	2007-08-01
N420	Retroactive adjustment for coordination of benefits or third-party recovery	2007-08-01
N421	Retroactive adjustment after a review organization decision	2007-08-01
N422	Retroactive adjustment under a contract incentive program	2007-08-01
N423	Retroactive adjustment under a non-standard program	2007-08-01
N424	Patient does not live in the area required for this payment	2007-08-01
N425	Service excluded by statute	2007-08-01
N426	Not covered when self-administered	2007-08-01
N427	Eyeglasses or contacts paid only after cataract surgery	2007-08-01
N428	Not covered in this place of service	2007-08-01
N429	Not covered when routine	2007-08-01
N430	Procedure code does not fit the units billed	2007-11-05
N431	Not covered with this procedure	2007-11-05
N432	Adjusted after a recovery audit	2007-11-05
N433	Resubmit using only your NPI	2008-02-29
N434	Present-on-admission indicator missing, incomplete or invalid	2008-07-01
N435	Over the number or frequency allowed in the period without supporting documentation	2008-07-01
N436	Injury claim not accepted; mandatory medical reimbursement made	2008-07-01
N437	Alert: charges reconsidered if the injury claim is accepted	2008-07-01
N438	This jurisdiction accepts only paper claims	2008-07-01
N439	Anesthesia physical status report missing	2008-07-01
N440	Anesthesia physical status report incomplete or invalid	2008-07-01
N441	Missed or canceled appointment not covered	2008-07-01
N442	Paid on an alternate fee schedule	2008-07-01
N443	Total time or begin and end time missing, incomplete or invalid	2008-07-01
N444	Alert: facility has not filed the high-cost outlier election with workers' compensation	2008-07-01
N445	Document of actual cost or paid amount missing	2008-07-01
N446	Document of actual cost or paid amount incomplete or invalid	2008-07-01
N447	Paid as a generic equivalent: documentation not provided	2008-07-01
N448	Not in the fee schedule or contracted fee arrangement	2008-07-01
N449	Paid as a comparable drug, service or supply	2008-07-01
N450	Covered only when done by the primary treating physician or designee	2008-07-01
N451	Admission summary report missing	2008-07-01
N452	Admission summary report incomplete or invalid	2008-07-01
N453	Consultation report missing	2008-07-01
N454	Consultation report incomplete or invalid	2008-07-01
N455	Physician order missing	2008-07-01
N456	Physician order incomplete or invalid	2008-07-01
N457	Diagnostic report missing	2008-07-01
N458	Diagnostic report incomplete or invalid	2008-07-01
N459	Discharge summary missing	2008-07-01
N460	Discharge summary incomplete or invalid	2008-07-01
N461	Nursing notes missing	2008-07-01
N462	Nursing notes incomplete or invalid	2008-07-01
N463	Supporting data for the claim missing	2008-07-01
N464	Supporting data for the claim incomplete or invalid	2008-07-01
N465	Physical therapy notes missing	2008-07-01
N466	Physical therapy notes incomplete or invalid	2008-07-01
N467	Tests and analysis report missing	2008-07-01
N468	Tests and analysis report incomplete or invalid	2008-07-01
N469	Alert: subject to the MMA section 935 appeal process	2008-07-01
N470	This payment completes the mandatory medical reimbursement limit	2008-07-01
N471	HIPPS rate code missing, incomplete or invalid	2008-07-01
N472	Payment for this service went to another provider	2008-07-01
N473	Certification missing	2008-07-01
N474	Certification incomplete or invalid	2008-07-01
N475	Completed referral form missing	2008-07-01
N476	Completed referral form incomplete or invalid	2008-07-01
N477	Dental models missing	2008-07-01
N478	Dental models incomplete or invalid	2008-07-01
N479	Explanation of benefits from the other payer (COB or MSP) missing	2008-07-01
N480	Explanation of benefits from the other payer incomplete or invalid	2008-07-01
N481	Models missing	2008-07-01
N482	Models incomplete or invalid	2008-07-01
N483	Periodontal charts missing	2008-07-01	2015-05-01
N484	Periodontal charts incomplete or invalid	2008-07-01	2015-05-01
N485	Physical therapy certification missing	2008-07-01
N486	Physical therapy certification incomplete or invalid	2008-07-01
N487	Prosthetics or orthotics certification missing	2008-07-01
N488	Prosthetics or orthotics certification incomplete or invalid	2008-07-01
N489	Referral form missing	2008-07-01
N490	Referral form incomplete or invalid	2008-07-01
N491	Exclusionary rider condition missing, incomplete or invalid	2008-07-01
N492	Alert: network provider may bill the member who agreed in writing beforehand	2008-07-01
N493	Doctor's first report of injury missing	2008-07-01
N494	Doctor's first report of injury incomplete or invalid	2008-07-01
N495	Supplemental medical report missing	2008-07-01
N496	Supplemental medical report incomplete or invalid	2008-07-01
N497	Permanent impairment or disability report missing	2008-07-01
N498	Permanent impairment or disability report incomplete or invalid	2008-07-01
N499	Medical-legal report missing	2008-07-01
N500	Medical-legal report incomplete or invalid	2008-07-01
N501	Vocational report missing	2008-07-01
N502	Vocational report incomplete or invalid	2008-07-01
N503	Work status report missing	2008-07-01
N504	Work status report incomplete or invalid	2008-07-01
N505	Alert: only services that could be estimated in real time are included	2008-11-01
N506	Alert: estimate of member liability, not a guarantee of payment	2008-11-01
N507	Plan distance requirements not met	2008-11-01
N508	Alert: real-time response shows the member's responsibility to the provider	2008-11-01
N509	Alert: the member's spending account appears to have enough funds	2008-11-01
N510	Alert: the member's spending account appears not to have enough funds	2008-11-01
N511	Alert: spending account fund availability unknown right now	2008-11-01
N512	Alert: first remit of a real-time claim, adjudication unchanged	2008-11-01
N513	Alert: first remit of a real-time claim, adjudication changed	2008-11-01
N514	Check the plan's benefit documents for limits on this service	2008-11-01	2011-01-01
N515	Alert: send this to the patient's other insurer (now N387)	2008-11-01	2009-10-01
N516	Submitted NPI and EIN do not match	2009-03-01
N517	Send a new claim with the requested information	2009-03-01
N518	Oxygen equipment accessories not paid separately	2009-03-01
N519	Invalid combination of HCPCS modifiers	2009-07-01
N520	Alert: paid from a consumer spending account	2009-07-01
N521	Submitted provider information does not match our records	2009-11-01
N522	Duplicate of a crossover claim already or soon to be processed	2009-11-01
N523	Payer's outlier payment limit for the period reached: outlier not paid	2010-03-01
N524	By policy, this payment is payment in full	2010-03-01
N525	Not covered within the global period of another service	2010-03-01
N526	Not qualified for recovery because of employer size	2010-03-01
N527	Processed as primary before the recovery demand arrived	2010-03-01
N528	Patient entitled to institutional services only	2010-03-01
N529	Patient entitled to professional services only	2010-03-01
N530	Not qualified for recovery per enrollment information	2010-03-01
N531	Not qualified for recovery: premium paid directly	2010-03-01
N532	Not qualified for recovery per disability and working status	2010-03-01
N533	Done in an Indian Health Service facility under a self-insured tribal plan	2010-07-01
N534	Individual policy: the employer does not sponsor the plan	2010-07-01
N535	Adjusted for this place of service and procedure code	2010-07-01
N536	Not covered by us; the prior payer's patient responsibility stands	2010-07-01
N537	No record of these services in claims history	2010-07-01
N538	The facility pays outside providers for its patients or residents	2010-07-01
N539	Alert: appeal or waiver request made on your behalf was denied	2010-07-01
N540	Adjusted under the interrupted stay policy	2010-11-01
N541	Submitted insurance type code does not match our records	2010-11-01
N542	Income verification missing	2011-03-08
N543	Income verification incomplete or invalid	2011-03-08
N544	Alert: paid, but the referring or ordering provider does not match our records	2011-07-01
N545	Reduced: unsuccessful e-prescriber under the eRx incentive program	2011-07-01
N546	Repays an earlier eRx incentive program reduction	2011-07-01
N547	A refund request was processed earlier	2012-03-06
N548	Alert: the patient's calendar-year deductible has been met	2012-03-06
N549	Alert: the patient's calendar-year out-of-pocket maximum has been met	2012-03-06
N550	Alert: revalidate your enrollment or payments will be held	2012-03-06
N551	Adjusted under the ASC quality reporting program	2012-03-06
N552	Reverses an earlier withhold or bonus	2012-03-06
N553	Adjusted for a retroactive low-income subsidy change	2012-03-06	2012-11-01
N554	Family planning indicator missing, incomplete or invalid	2012-07-01
N555	Medication list missing	2012-07-01
N556	Medication list incomplete or invalid	2012-07-01
N557	Bill the plan where the specimen was collected	2012-07-01
N558	Bill the plan where the equipment was received	2012-07-01
N559	Bill the plan where the ordering physician is located	2012-07-01
N560	Pilot program: no interim or final claim within 60 days of the admission notice	2012-11-01
N561	Bundled episode includes readmissions: resubmit the original claim	2012-11-01
N562	Provider number does not match the bundled payment admission notice	2012-11-01
N563	Alert: no required advance notice given: the patient is not liable	2012-11-01
N564	Patient did not meet the demonstration or pilot inclusion criteria	2012-11-01
N565	Alert: this reporting code needs a modifier on future claims	2012-11-01
N566	Alert: this code needs functional reporting codes and modifiers on future claims	2012-11-01
N567	Not covered when preventive	2013-03-01
N568	Alert: initial payment on the admission notice under bundled payment model IV	2013-03-01
N569	Not covered for the reported diagnosis	2013-03-01
N570	Credentialing data missing, incomplete or invalid	2013-03-01
N571	Alert: another payer or contractor will pay quarterly	2013-03-01
N572	Not payable without the required reporting codes and modifiers	2013-03-01
N573	Alert: overpaid: another payer or contractor will request the refund	2013-03-01
N574	Ordering or referring provider's type may not order or refer	2013-07-15
N575	Ordering or referring provider name does not match our records	2013-07-15
N576	Not related to the reported incident, accident or loss	2013-07-15
N577	Personal injury protection (PIP) coverage	2013-07-15
N578	Coverages do not apply to this loss	2013-07-15
N579	Medical payments coverage (MPC)	2013-07-15
N580	Decided under the insurance policy's provisions	2013-07-15
N581	Coverage eligibility investigation pending	2013-07-15
N582	Benefits suspended until the patient cooperates	2013-07-15
N583	Patient was not in our insured vehicle: not an eligible injured person	2013-07-15
N584	Not covered: the insured did not meet policy or legal conditions	2013-07-15
N585	No more benefits after a final injury settlement	2013-07-15
N586	Injured party does not qualify for benefits	2013-07-15
N587	Policy benefits used up	2013-07-15
N588	The patient has said not to pay medical bills	2013-07-15
N589	Excluded: injured while driving impaired	2013-07-15
N590	Independent medical exam on cause and necessity missing	2013-07-15
N591	Paid on an independent medical exam or utilization review	2013-07-15
N592	Adjusted: not the initial prescription or above the initial amount	2013-07-15
N593	Not covered: missed a scheduled independent medical exam	2013-07-15
N594	Injured party did not complete an application for benefits	2013-07-15
N595	Injured party did not complete an assignment of benefits	2013-07-15
N596	Injured party did not complete a medical authorization	2013-07-15
N597	Adjusted for apportionment between related and unrelated conditions	2013-07-15
N598	Health care policy is primary	2013-07-15
N599	Florida no-fault: paid a reasonable amount at 200% of the Medicare Part B rate	2013-07-15
N600	Adjusted to the regional fee schedule	2013-07-15
N601	Hawaii motor vehicle law: based on the Medicare RBRVS for Hawaii	2013-07-15
N602	Adjusted to the Redbook maximum	2013-07-15
N603	New Jersey auto PIP and bus medical fee schedules	2013-07-15
N604	New York no-fault: workers' compensation fee schedule	2013-07-15
N605	New York no-fault: APR-DRG	2013-07-15
N606	Oregon: workers' compensation fee schedule	2013-07-15
N607	Service for a non-compensable condition	2013-07-15
N608	Pennsylvania Act 6: 110% of the Medicare fee schedule	2013-07-15
N609	Pennsylvania Act 6: 80% of the billed amount	2013-07-15
N610	Alert: paid for an appropriate level of care	2013-07-15
N611	Claim in litigation: contact the insurer	2013-07-15
N612	Provider not authorized to treat injured workers in this jurisdiction	2013-07-15
N613	Alert: paid, but the ordering provider must update their enrollment	2013-07-15
N614	Alert: more information is in the 835 healthcare policy identification segment	2013-07-15
N615	Alert: enrollee with premium tax credit is in the three-month grace period	2013-07-15
N616	Alert: enrollee is in the first month of the premium tax credit grace period	2013-07-15
N617	Enrollee is in the second or third month of the premium tax credit grace period	2013-07-15
N618	Alert: reprocessed automatically if the enrollee pays the premium	2013-07-15
N619	Coverage ended for non-payment of premium	2013-07-15
N620	Alert: code reported for quality or information purposes only	2013-07-15
N621	Jurisdiction-required forms, reports or chart notes are not payable	2013-07-15
N622	Not covered because of the date of injury or accident	2013-07-15
N623	Not covered: unscientific, unproven, outdated, experimental or excessive	2013-07-15
N624	The related workers' compensation claim was withdrawn	2013-07-15
N625	Workers' compensation claim number missing, incomplete or invalid	2013-07-15
N626	New or established patient visit codes not payable with chiropractic codes	2013-07-15
N627	Not payable under the managed care contract	2013-07-15	2014-07-01
N628	Outpatient follow-up on the same date as a scheduled test or treatment not allowed	2013-07-15
N629	Reviews, notes or reports were not requested	2013-07-15
N630	Referral not authorized by the attending physician	2013-07-15
N631	Code not in the fee schedule: paid as a comparable service	2013-07-15
N632	Zero relative value in the official fee schedule: nothing due	2013-07-15	2014-07-01
N633	Additional anesthesia time units not allowed	2013-07-15
N634	Allowance based on anesthesia time units	2013-07-15
N635	Allowance based on anesthesia base units plus time	2013-07-15
N636	Reimbursable only once per injury	2013-07-15
N637	No consultation after the same provider has begun treatment	2013-07-15
N638	Paid under the home health fee schedule	2013-07-15
N639	Paid under the inpatient rehabilitation facility fee schedule	2013-07-15
N640	Over the number or frequency approved or allowed in the period	2013-07-15
N641	Paid on the number of body areas rated	2013-07-15
N642	Adjusted: billed as individual tests instead of a panel	2013-07-15
N643	Not covered under the state fee schedule	2013-07-15
N644	Paid under the bilateral procedure rule	2013-07-15
N645	Mark-up allowance	2013-07-15
N646	Adjusted under the guidelines for an assistant	2013-07-15
N647	Adjusted on the DRG	2013-07-15
N648	Adjusted for stop loss	2013-07-15
N649	Paid on the invoice	2013-07-15
N650	Policy not in effect on the date of loss	2013-07-15
N651	No PIP or medical payments coverage on the policy at the time of loss	2013-07-15
N652	Service date is before the date of loss	2013-07-15
N653	Injury date does not match the reported date of loss	2013-07-15
N654	Adjusted: maximum medical improvement reached	2013-07-15
N655	Paid per the provider's geographic region	2013-07-15
N656	Interest paid because benefits were paid late under the statute	2013-07-15
N657	Bill these services with the appropriate code	2013-07-15
N658	Not considered medical expenses	2013-07-15
N659	Item is exempt from sales tax	2013-07-15
N660	Sales tax included in the payment	2013-07-15
N661	Documentation does not show the services were medically necessary	2013-07-15
N662	Alert: payment considered when the final bill arrives	2013-07-15
N663	Adjusted to an agreed amount	2013-07-15
N664	Adjusted per a legal settlement	2013-07-15
N665	Services by an unlicensed provider are not paid	2013-07-15
N666	Only one visit code at this level is covered in the course of care	2013-07-15
N667	Prescription missing	2013-07-15
N668	Prescription incomplete or invalid	2013-07-15
N669	Adjusted to the Medicare fee schedule	2013-07-15
N670	Primary procedure under the Medicare multiple procedure payment reduction	2013-07-15
N671	Paid on a jurisdiction cost-to-charge ratio	2013-07-15
N672	Alert: amount applied to a health insurance offset	2013-07-15
N673	Paid on an outpatient per diem, factor or fee schedule amount	2013-07-15
N674	Not covered unless a prerequisite service was provided	2013-07-15
N675	More information needed from the injured party	2013-07-15
N676	Not payable under the outpatient facility fee schedule	2013-07-15
N677	Alert: films or images will not be returned	2013-11-01
N678	Post-operative images or visual field results missing	2013-11-01
N679	Post-operative images or visual field results incomplete or invalid	2013-11-01
N680	Date of earlier dental extractions missing, incomplete or invalid	2013-11-01
N681	Full arch series missing, incomplete or invalid	2013-11-01
N682	History of periodontal therapy or maintenance missing or invalid	2013-11-01
N683	Prior treatment documentation missing, incomplete or invalid	2013-11-01
N684	Denied: specialty claim sent as a general claim	2013-11-01
N685	Prosthesis, crown or inlay code missing, incomplete or invalid	2013-11-01
N686	Questionnaire needed for the payment decision missing or invalid	2013-11-01
N687	Alert: reversed for a retroactive disenrollment	2013-11-01
N688	Alert: reversed after a medical or utilization review	2013-11-01
N689	Alert: reversed for a retroactive rate change	2013-11-01
N690	Alert: reversed after a provider appeal	2013-11-01
N691	Alert: reversed after a patient appeal	2013-11-01
N692	Alert: reversed because the first rate was wrong	2013-11-01
N693	Alert: reversed because the provider canceled the claim	2013-11-01
N694	Alert: reversed because the provider resubmitted or changed the claim	2013-11-01
N695	Alert: reversed because patient responsibility was wrong at first	2013-11-01
N696	Alert: reversed for a coordination of benefits or third-party recovery	2013-11-01
N697	Alert: reversed for a contract incentive program adjustment	2013-11-01
N698	Alert: reversed: premium unpaid by the end of the grace period	2013-11-01
N699	Adjusted under the PQRS incentive program	2014-03-01
N700	Adjusted under the EHR incentive program	2014-03-01
N701	Adjusted under the value-based payment modifier	2014-03-01
N702	Decided on a review of other claims for the same or similar services	2014-03-01
N703	Incompatible with other processed or pending claims	2014-03-01
N704	Alert: no appeal, but you may resubmit with corrected information	2014-03-01
N705	Documentation incomplete or invalid	2014-03-01
N706	Documentation missing	2014-03-01
N707	Orders incomplete or invalid	2014-03-01
N708	Orders missing	2014-03-01
N709	Notes incomplete or invalid	2014-03-01
N710	Notes missing	2014-03-01
N711	Summary incomplete or invalid	2014-03-01
N712	Summary missing	2014-03-01
N713	Report incomplete or invalid	2014-03-01
N714	Report missing	2014-03-01
N715	Chart incomplete or invalid	2014-03-01
N716	Chart missing	2014-03-01
N717	Documentation of a face-to-face exam incomplete or invalid	2014-03-01
N718	Documentation of a face-to-face exam missing	2014-03-01
N719	Penalty: plan requirements not met	2014-03-01
N720	Alert: the patient overpaid: a refund may be due	2014-03-01
N721	Covered only as part of a clinical trial	2014-03-01
N722	Patient must pay from workers' compensation set-aside funds	2014-03-01
N723	Patient must pay from liability set-aside funds	2014-03-01
N724	Patient must pay from no-fault set-aside funds	2014-03-01
N725	A liability insurer reports ongoing responsibility for this diagnosis	2014-03-01
N726	Conditional payment not allowed	2014-03-01
N727	A no-fault insurer reports ongoing responsibility for this diagnosis	2014-03-01
N728	A workers' compensation insurer reports ongoing responsibility for this diagnosis	2014-03-01
N729	Medical or dental record for this service missing	2014-11-01
N730	Medical or dental record for this service incomplete or invalid	2014-11-01
N731	Mental health assessment incomplete or invalid	2014-11-01
N732	Services at an unlicensed facility are not paid	2014-11-01
N733	Regulatory surcharges are paid directly to the state	2014-11-01
N734	Eligible only when illness or injury prevents work or normal activities	2014-11-01
N735	Adjusted without record review: requested records not received in time	2015-03-01	2016-01-01
N736	Sleep study report incomplete or invalid	2015-03-01
N737	Sleep study report missing	2015-03-01
N738	Vein study report incomplete or invalid	2015-03-01
N739	Vein study report missing	2015-03-01
N740	Consumer spending account lacks funds for the member's share	2015-03-01
N741	Site-neutral payment	2015-03-01
N742	Alert: processed on ICD-9 codes; ICD-10 is required	2015-03-01	2016-11-01
N743	Adjusted: may be related to an employment accident	2015-03-01
N744	Adjusted: may be related to an auto or other accident	2015-03-01
N745	Ambulance report missing	2015-03-01
N746	Ambulance report incomplete or invalid	2015-03-01
N747	Misdirected: bill the plan where the patient lives	2015-03-01
N748	Adjusted: related hospital charges not received	2015-03-01
N749	Blood gas report missing	2015-03-01
N750	Blood gas report incomplete or invalid	2015-03-01
N751	Adjusted: patient is covered by a Medicare Part D plan	2015-03-01
N752	HIPPS treatment authorization code missing, incomplete or invalid	2015-03-01
N753	Attachment control number missing, incomplete or invalid	2015-07-01
N754	Referring provider or other source qualifier on the paper form missing or invalid	2015-07-01
N755	ICD indicator missing, incomplete or invalid	2015-07-01
N756	Drop-off address missing, incomplete or invalid	2015-07-01
N757	Adjusted to the federal Indian fee schedule	2015-07-01
N758	Adjusted per the prior authorization decision	2015-07-01
N759	Adjusted under the NEMA XR-29 CT equipment standard	2015-07-01
N760	Facility not authorized to be paid for this service	2015-11-01
N761	Provider not authorized to be paid for this service	2015-11-01
N762	Facility not certified for 3-D (tomosynthesis) mammography	2015-11-01
N763	Demonstration code not appropriate: resubmit without it	2015-11-01
N764	Hematocrit value missing, incomplete or invalid	2016-03-01
N765	Coinsurance from a previous payer is not covered	2016-03-01
N766	Co-payment from a previous payer is not covered	2016-03-01
N767	Provider must enroll in the member's state Medicaid program first	2016-03-01
N768	Initial evaluation report incomplete or invalid	2016-03-01
N769	A laterality diagnosis is required	2016-03-01
N770	Your adjustment request was processed and the claim adjusted	2016-03-01
N771	Alert: federal law limits you to the limiting charge
N772	Alert: rebill urgent or emergency and ancillary services separately
N773	Drug not obtained from the specialty vendor
N774	Alert: see your third-party processor agreement for fees on this payment type
N775	Adjusted: x-ray taken on film
N776	Not a covered telehealth service
N777	Assignment of benefits indicator missing
N778	Primary care physician information missing
N779	Replacement or void must wait until the original claim is final
N780	Therapy end date missing, incomplete or invalid
N781	Alert: Medicaid or QMB patient: check for a wrongly collected deductible
N782	Alert: Medicaid or QMB patient: check for wrongly collected coinsurance
N783	Alert: Medicaid or QMB patient: check for a wrongly collected co-payment
N784	Comprehensive procedure code missing
N785	Current radiology films or images missing
N786	Benefit limit for orthodontic active or retention treatment
N787	Alert: partial hospitalization needs at least 20 hours a week per the plan of care
N788	Alert: the administrator or review organization did not get the required information
N789	Clinical trial is not a covered benefit
N790	Provider or supplier not accredited for this product or service
N791	History and physical report missing
N792	History and physical report incomplete or invalid
N793	Alert: Medicare accepts only claims with the beneficiary identifier (MBI)
N794	Adjusted for the type of technology used
N795	Resubmit the item as a purchase
N796	Hemoglobin value missing, incomplete or invalid
N797	Date qualifier missing, incomplete or invalid
N798	Void the original claim and send a new one
N799	Identifier must be an individual's, not a group's
N800	Only one service date allowed per claim
N801	Done in a Medicare or critical access facility under a self-insured tribal plan
N802	Bill the plan where the rendering physician is located
N803	The contracted medical group or hospital must submit this claim
N804	Alert: processed through the outpatient code editor
N805	Alert: processed through the correct code editor
N806	Included in the global transplant allowance
N807	Adjusted under the Merit-based Incentive Payment System (MIPS)
N808	Not covered for this provider type or specialty
N809	Alert: fee schedule amount adjusted using earlier competitive bidding rates
N810	Alert: paid at in-network level under a disaster declaration
N811	Prior payer's federal sequestration reduction missing
N812	Service dates may not span more than 18 months
N815	NDC unit count missing, incomplete or invalid
N816	NDC unit of measure missing, incomplete or invalid
N817	Alert: labs must report private payer data to CMS in early 2020
N818	Service dates do not match electronic visit verification
N819	Patient not enrolled in electronic visit verification
N820	Electronic visit verification units do not meet the visit requirements
N821	Electronic visit verification visit not found
N822	Procedure modifiers missing
N823	Procedure modifiers incomplete or invalid
N824	Electronic visit verification data must come through the EVV vendor
N825	Early intervention guidelines not met
N826	Patient did not meet the Medicare Shared Savings Program criteria
N827	FIPS code missing, incomplete or invalid
N828	Alert: payment suppressed under contracted funding
N829	Diagnostics exchange Z-code identifier missing, incomplete or invalid
N830	Alert: processed under balance billing or no-surprise billing rules
N831	You have not answered requests to revalidate your enrollment
N832	Duplicate occurrence or occurrence span code
N833	Patient share of cost waived
N834	Jurisdiction exempt from sales and health taxes
N835	Unrelated service reduced: the rest is the patient's responsibility
N836	Provider W-9 or payee registration not on file
N837	Alert: missing modifier was added
N838	Alert: postponed by a mandate or disaster; cost sharing applied to the prior plan year
N839	Procedure code changed: service level exceeds the compensable condition
N840	Workers' compensation claim filed in another state
N841	Alert: North Dakota administrative rule 92-01-02-50.3
N842	Alert: the patient cannot be billed for these charges
N843	CBSA code missing, incomplete or invalid
N844	Processed under Nebraska's out-of-network emergency care act
N845	Alert: Nebraska out-of-network emergency care act
N846	NDC does not match the HCPCS or CPT code billed
N847	NDC billed is obsolete
N848	NDC billed matches no product
N849	Missing tooth clause: tooth lost before coverage began
N850	Narrative describing the service missing, incomplete or invalid
N851	Reduced: done by a therapy assistant
N852	Pay-to and rendering provider tax IDs do not match
N853	Too many modalities per session
N854	Alert: exhaust appeals with your primary other insurance first
N855	Coverage falls under ERISA's exclusive jurisdiction
N856	Coverage does not fall under ERISA's exclusive jurisdiction
N857	Claim adjusted or reversed: refund any co-payment collected
N858	Alert: state out-of-network emergency care law applied; amounts may be disputed
N859	Alert: federal No Surprises Act applied; amounts may be disputed
N860	Alert: member cost share based on the No Surprises Act qualifying payment amount
N861	Alert: submitted patient share of cost does not match our records
N862	Alert: cost share per the No Surprises Act, lesser of QPA or billed charge
N863	Alert: No Surprises Act: final rate set by an all-payer model agreement
N864	Alert: No Surprises Act emergency services rules apply
N865	Alert: No Surprises Act rules for out-of-network providers at in-network facilities apply
N866	Alert: No Surprises Act air ambulance rules apply
N867	Alert: No Surprises Act: cost sharing based on a state law
N868	Alert: No Surprises Act: cost sharing based on an all-payer model agreement
N869	Alert: No Surprises Act: cost sharing based on the qualifying payment amount
N870	Alert: No Surprises Act: cost sharing on the billed amount, lower than the QPA
N871	Alert: No Surprises Act: initial payment based on a state law
N872	Alert: No Surprises Act: final payment based on a state law
N873	Alert: No Surprises Act: final payment based on an all-payer model agreement
N874	Alert: No Surprises Act: final payment set by open negotiation
N875	Alert: No Surprises Act: final payment set by federal dispute resolution
N876	Alert: No Surprises Act denial notice; open negotiation may be started
N877	Alert: No Surprises Act initial payment; open negotiation may be started
N878	Alert: balance billing consent not valid under federal law: balance billing prohibited
N879	Alert: balance billing consent not permitted for these services: balance billing prohibited
N880	Original claim closed; the adjustment gets a new claim number
N881	Client obligation for home and community based services
N882	Alert: paid on the plan allowance: patient waived No Surprises Act protections
N883	Alert: processed according to state law
N884	Alert: No Surprises Act may apply: contact the payer about the facility visit
N885	Alert: payer disagrees that No Surprises Act rules apply; you may appeal
N886	Alert: a request for additional information (277 RFAI) was sent
N887	Non-contracted providers may appeal a Medicare Advantage decision within 60 days
N888	Alert: an electronic request for more information was sent
N889	Alert: first processed in real time with a real-time 835
N890	Electronic visit verification data requirements not met
N891	Primary insurance paid the maximum allowable: nothing more due
N892	Claim does not qualify for the delay reason code used
N893	Child medical evaluation form missing, incomplete or invalid
N894	Alert: paid subject to the payer's right to recover later
N895	Processed under a negotiated specialty drug fee schedule
N896	Trauma activation sheet missing, incomplete or invalid
N897	Proof of member payment missing, incomplete or invalid
N898	Resource utilization group (RUG) code missing, incomplete or invalid
N899	Initial evaluation report missing
N900	Therapy notes missing
N901	Therapy notes incomplete or invalid
N902	Health risk assessment missing
N903	Health risk assessment incomplete or invalid
N904	The transportation vendor is responsible for this claim
N905	You opted out of Medicare: not paid, and the patient does not owe it
N906	Not covered when the patient is under 45
N907	No refund: 340B-eligible with a ceiling price below the maximum fair price
N908	No refund: drug bought at the maximum fair price in advance
N909	Refund calculated differently from the standard default refund amount
N910	No refund now: contact the manufacturer about eligibility
N911	Not reimbursable until the Part D plan corrects its drug event data
N912	Beneficiary did not elect hospice
N913	More than one electronic visit verification record for this time
N914	Priced under California AB-72
N915	Predetermination not allowed under the member's plan
N916	A third party pays the provider, who reimburses you for covered services
N917	Alternative refund: maximum fair price is below the 340B ceiling price
N918	No refund: compounded drug records are excluded
N919	Family or member out-of-pocket maximum met
N920	Payment on hold during contract negotiation
N921	Time limit for reconsideration or appeal has passed
N922	Primary care dentist information missing
N923	Not denied: the Medicare Advantage plan made a payment decision
N924	Pending: the Medicare Advantage plan had not decided payment yet
N925	Denied: the Medicare Advantage plan found no payment responsibility
N926	Partly denied: no Medicare Advantage payment responsibility for some lines
N927	X-ray missing, incomplete or invalid
N928	Bitewing or periapical x-ray missing, incomplete or invalid
N929	Photos missing, incomplete or invalid
N930	Quadrant identifier missing, incomplete or invalid
N931	Pre- or post-operative bitewing or periapical x-ray missing or invalid
N932	Pre- or post-operative full mouth x-ray missing or invalid
N933	Pre- or post-operative photos missing or invalid
N934	Full mouth x-ray missing, incomplete or invalid
N935	Alert: patient is no longer a Medicaid or qualified Medicare beneficiary
N936	Secondary or tertiary procedure under the multiple procedure payment reduction
N937	Service line denial threshold exceeded
N938	Alert: do not resubmit: the claim will be reprocessed automatically
N939	Alert: you may ask us for a peer-to-peer review
N940	Pre- or post-operative x-ray missing, incomplete or invalid`;

let rows: readonly CodeRow[] | undefined;

/** The rows, split on first use. */
export function rarcRows(): readonly CodeRow[] {
  rows ??= splitRows(RARC_TEXT);
  return rows;
}

/**
 * Codes shown as deactivated in the 2026-08-17 list whose stop date is not in the sources we
 * could reach (added after the 2016-03-07 list and deactivated before 2026-08-17).
 */
export const RARC_STOPPED_UNDATED: readonly string[] = ['N793'];

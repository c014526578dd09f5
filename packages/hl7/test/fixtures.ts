/** Realistic messages shared by the tests (synthetic patients only). */
export const ORU_R01 = [
  'MSH|^~\\&|LAB|ACME_LAB|EHR|CLINIC|20261126101500||ORU^R01^ORU_R01|MSG00001|P|2.5.1|||AL|NE||UNICODE UTF-8',
  'PID|1||555-44-3333^^^ACME^MR~98765^^^SSA^SS||DOE^JANE^Q^^^^L||19800102|F|||1 MAIN ST^^SPRINGFIELD^IL^62701||555-0100',
  'PV1|1|O|CLINIC^^^ACME||||1234^WELBY^MARCUS',
  'ORC|RE|ORD-1|FIL-1',
  'OBR|1|ORD-1|FIL-1|24331-1^Lipid panel^LN|||20261126080000|||||||||1234^WELBY^MARCUS||||||20261126100000|||F',
  'OBX|1|NM|2093-3^Cholesterol^LN||196|mg/dL|<200|N|||F|||20261126090000',
  'OBX|2|NM|2571-8^Triglyceride^LN||245|mg/dL|<150|H|||F|||20261126090000',
  'OBX|3|ST|8251-1^Comment^LN||Fasting \\T\\ hydrated\\.br\\second line||||||F',
  'OBX|4|SN|2085-9^HDL^LN||>^40|mg/dL|40-60|N|||F',
  'OBX|5|CWE|5778-6^Color^LN||YEL^Yellow^HL70000||||||F',
  'NTE|1||Specimen slightly hemolyzed',
  'SPM|1|SPEC-1||BLD^Blood^HL70487|||||||||||||20261126073000',
].join('\r');

import AjvDraft04 from 'ajv-draft-04';

/** A validator for the official SARIF 2.1.0 schema (draft-04), as shipped by Microsoft's SARIF SDK. */
export function sarifValidator() {
  const ajv = new AjvDraft04({ allErrors: true, strict: false, validateFormats: false, unicodeRegExp: false });
  return ajv.compile(require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
}

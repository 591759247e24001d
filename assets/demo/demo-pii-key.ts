/**
 * The HMAC key the demo hashes PII with. DEMO ONLY: it is public, so hashes made with it are
 * not pseudonymous. Never use it for real data; set a secret `LAKEFORM_PII_KEY` instead.
 */
export const DEMO_PII_KEY = "lakeform-demo-only-pii-key--not-a-secret";

/** How often the platform's key rotates: 90 days (Cloud KMS takes seconds). */
export const KEY_ROTATION_PERIOD = "7776000s";
/** How long a destroyed key version waits before it is gone: 30 days. */
export const KEY_DESTROY_DELAY = "2592000s";
/** The role a service agent needs to encrypt with the key and decrypt. */
export const KEY_USER_ROLE = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

/** The key ring of an environment: `lf-prod-data` (key rings cannot be deleted on GCP, only abandoned). */
export function keyRingName(prefix: string): string {
  return `${prefix}-data`;
}

/** The IAM member of a Google-managed service agent. */
export function serviceAgentMember(email: string): string {
  return `serviceAccount:${email}`;
}

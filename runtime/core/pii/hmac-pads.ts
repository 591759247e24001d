import { createHash } from "node:crypto";

/**
 * The inner and outer pads of HMAC-SHA256 for `key` (RFC 2104), as hex, so that an engine can
 * compute `HMAC(key, m) = SHA256(opad ‖ SHA256(ipad ‖ m))` with its own SHA-256.
 */
export function hmacPads(key: Buffer): { readonly ipad: string; readonly opad: string } {
  const block = Buffer.alloc(64);
  (key.length > 64 ? createHash("sha256").update(key).digest() : key).copy(block);
  const ipad = Buffer.from(block.map((b) => b ^ 0x36));
  const opad = Buffer.from(block.map((b) => b ^ 0x5c));
  return { ipad: ipad.toString("hex"), opad: opad.toString("hex") };
}

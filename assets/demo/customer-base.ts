import { addDays, atSecond, startOfDay } from "./demo-calendar.ts";
import { CHANNEL_WEIGHTS, type Channel } from "./devices.ts";
import type { DirtLedger } from "./dirt-ledger.ts";
import { birthDateFor, emailFor, personName, phoneFor } from "./people.ts";
import type { Random } from "./random.ts";

/** A customer account of the CRM, with the values it holds as its export writes them. */
export interface Customer {
  readonly id: string;
  readonly email: string | null;
  readonly fullName: string;
  readonly phone: string | null;
  readonly birthDate: string | null;
  /** As the CRM stores it: varying case, sometimes padded or missing. */
  readonly countryCode: string | null;
  readonly acquisitionChannel: string | null;
  readonly isTestAccount: boolean | null;
  readonly signedUpAt: Date;
  /** False when the CRM exports the account without `created_at`. */
  readonly exportsCreatedAt: boolean;
  readonly lastChangedAt: Date;
  readonly marketingOptIn: boolean | null;
  /** A change of the opt-in during the demo period, if any. */
  readonly optInChange: { readonly at: Date; readonly to: boolean } | undefined;
  /** How likely this customer orders, relative to others; 0 for test accounts. */
  readonly orderWeight: number;
  readonly preferredChannel: Channel;
  /** The tracker's anonymous id of the customer's usual device. */
  readonly deviceId: string;
  readonly ipAddress: string;
}

/** When the CRM went live: the earliest account. */
const CRM_LIVE = "2023-06-01";
const INITIAL_CUSTOMERS = 380;
const TEST_ACCOUNTS = 3;

const COUNTRIES: readonly (readonly [string, number])[] = [["DE", 55], ["AT", 15], ["NL", 10], ["FR", 8], ["BE", 6], ["LU", 2], ["DK", 2], ["PL", 2]];
const CHANNELS: readonly (readonly [string, number])[] = [
  ["organic_search", 25], ["paid_search", 18], ["paid_social", 14], ["referral", 8], ["email", 10], ["direct", 15],
];

function countryAsStored(rng: Random, country: string, dirt: DirtLedger): string | null {
  const form = rng.weighted([["clean", 90.5], ["lower", 6], ["padded", 1.5], ["missing", 2]] as const);
  if (form !== "clean") dirt.add("odd_country_codes");
  if (form === "lower") return country.toLowerCase();
  if (form === "padded") return rng.chance(0.5) ? ` ${country.toLowerCase()}` : `${country} `;
  return form === "missing" ? null : country;
}

function acquisitionAsStored(rng: Random, dirt: DirtLedger): string | null {
  const channel = rng.weighted(CHANNELS);
  const form = rng.weighted([["clean", 86], ["cased", 5], ["free_text", 5], ["missing", 4]] as const);
  if (form === "clean") return channel;
  dirt.add("nonstandard_acquisition_channels");
  if (form === "cased") return rng.chance(0.5) ? channel.toUpperCase() : ` ${channel[0]?.toUpperCase() ?? ""}${channel.slice(1)}`;
  if (form === "free_text") return rng.pick(["Instagram", "Paid Social", "TV spot", "friend told me", "Podcast"]);
  return null;
}

function ipAddressFor(rng: Random): string {
  return rng.chance(0.1) ? `2a02:${rng.hex(4)}:${rng.hex(4)}::${rng.hex(4)}` : `${rng.pick([31, 46, 78, 84, 88, 91, 93, 145, 178, 217])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

interface Draft {
  readonly signedUpAt: Date;
  readonly test: boolean;
}

function customerOf(rng: Random, draft: Draft, index: number, period: { readonly start: Date; readonly end: Date }, taken: Set<string>, dirt: DirtLedger): Customer {
  const name = personName(rng);
  const country = rng.weighted(COUNTRIES);
  let email: string | null = draft.test ? `qa+${index}@tinybasket.example` : emailFor(rng, name, taken);
  if (draft.test) dirt.add("test_accounts");
  else if (rng.chance(0.01)) {
    email = null;
    dirt.add("customers_without_email");
  }
  const exportsCreatedAt = !rng.chance(0.02);
  if (!exportsCreatedAt) dirt.add("customers_without_created_at");
  const signedUp = draft.signedUpAt.getTime();
  const lastChangedAt = signedUp + Math.floor(rng.float() * Math.max(0, period.start.getTime() - signedUp) / 1000) * 1000;
  const marketingOptIn = rng.weighted([[true, 45], [false, 50], [null, 5]] as const);
  const changeAt = period.start.getTime() + Math.floor(rng.float() * (period.end.getTime() - period.start.getTime()) / 1000) * 1000;
  return {
    id: `C-${100001 + index}`,
    email,
    fullName: draft.test ? `QA Test ${index}` : `${name.first} ${name.last}`,
    phone: rng.chance(0.12) ? null : phoneFor(rng, country),
    birthDate: rng.chance(0.15) ? null : birthDateFor(rng),
    countryCode: countryAsStored(rng, country, dirt),
    acquisitionChannel: draft.test ? "direct" : acquisitionAsStored(rng, dirt),
    isTestAccount: draft.test ? true : rng.chance(0.1) ? null : false,
    signedUpAt: draft.signedUpAt,
    exportsCreatedAt,
    lastChangedAt: new Date(lastChangedAt),
    marketingOptIn,
    optInChange: rng.chance(0.08) && draft.signedUpAt < period.start ? { at: new Date(changeAt), to: marketingOptIn !== true } : undefined,
    orderWeight: draft.test ? 0 : 0.2 + rng.float() ** 2 * 4,
    preferredChannel: rng.weighted(CHANNEL_WEIGHTS),
    deviceId: rng.uuid(),
    ipAddress: ipAddressFor(rng),
  };
}

/** The customer who signs up again mid-period with the e-mail of an older account. */
function withSecondAccount(customers: Customer[], day: string, dirt: DirtLedger): void {
  const original = customers.find((c) => c.email !== null && c.isTestAccount !== true);
  const copy = customers.findIndex((c) => c.signedUpAt >= startOfDay(day) && c.email !== null);
  const account = customers[copy];
  if (original === undefined || account === undefined) return;
  customers[copy] = { ...account, email: original.email, fullName: original.fullName, countryCode: original.countryCode };
  dirt.add("shared_email_accounts");
}

/**
 * The CRM's accounts over the demo `days`: a few hundred who signed up since the CRM went live
 * (more of them recently), a few sign-ups each demo day, three QA accounts and one customer who
 * opens a second account with the e-mail of the first. Ids follow sign-up order.
 */
export function generateCustomers(rng: Random, days: readonly string[], dirt: DirtLedger): Customer[] {
  const first = days[0] ?? CRM_LIVE;
  const period = { start: startOfDay(first), end: startOfDay(addDays(days[days.length - 1] ?? first, 1)) };
  const live = startOfDay(CRM_LIVE).getTime();
  const drafts: Draft[] = [];
  for (let i = 0; i < INITIAL_CUSTOMERS; i++) {
    // The square root skews sign-ups towards the demo period: the shop is growing.
    const at = live + Math.sqrt(rng.float()) * (period.start.getTime() - live);
    drafts.push({ signedUpAt: new Date(Math.floor(at / 1000) * 1000), test: i < TEST_ACCOUNTS });
  }
  for (const day of days) {
    for (let i = rng.int(3, 6); i > 0; i--) drafts.push({ signedUpAt: atSecond(day, rng.int(6 * 3600, 23 * 3600)), test: false });
  }
  drafts.sort((a, b) => a.signedUpAt.getTime() - b.signedUpAt.getTime());
  const taken = new Set<string>();
  const customers = drafts.map((draft, i) => customerOf(rng.fork(`customer:${i}`), draft, i, period, taken, dirt));
  withSecondAccount(customers, days[Math.floor(days.length / 2)] ?? first, dirt);
  return customers;
}

/** Customers who can order or browse logged in on `day`: real accounts that existed before it began. */
export function customersActiveOn(customers: readonly Customer[], day: string): Customer[] {
  const start = startOfDay(day);
  return customers.filter((c) => c.orderWeight > 0 && c.signedUpAt < start);
}

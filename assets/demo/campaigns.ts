import type { Random } from "./random.ts";

/** Where a session came from: a campaign's UTM parameters and the referring page. */
export interface TrafficSource {
  readonly utmSource: string | null;
  readonly utmMedium: string | null;
  readonly utmCampaign: string | null;
  readonly referrer: string | null;
  /** A hand-typed campaign link: UTM values in odd case or padded (the clean tier normalises them). */
  readonly handTyped: boolean;
}

const CAMPAIGNS: readonly (readonly [readonly [string, string, string, string | null], number])[] = [
  [["google", "cpc", "brand_search", "https://www.google.com/"], 30],
  [["google", "cpc", "generic_grocery", "https://www.google.com/"], 20],
  [["newsletter", "email", "weekly_digest", null], 20],
  [["instagram", "paid_social", "spring_sale", "https://l.instagram.com/"], 15],
  [["facebook", "paid_social", "spring_sale", "https://l.facebook.com/"], 10],
  [["zerowasteblog", "referral", "pantry_guide", "https://zerowaste-blog.example/"], 5],
];

const NONE: TrafficSource = { utmSource: null, utmMedium: null, utmCampaign: null, referrer: null, handTyped: false };

/**
 * The traffic source of a new session: a third come from campaigns (hand-typed links among
 * them, in odd case or padded), some from organic search, the rest direct.
 */
export function trafficSourceOf(rng: Random): TrafficSource {
  const kind = rng.weighted([["campaign", 33], ["organic", 22], ["direct", 45]] as const);
  if (kind === "direct") return NONE;
  if (kind === "organic") return { ...NONE, referrer: rng.pick(["https://www.google.com/", "https://www.google.de/", "https://duckduckgo.com/", "https://www.ecosia.org/"]) };
  const [source, medium, campaign, referrer] = rng.weighted(CAMPAIGNS);
  if (!rng.chance(0.08)) return { utmSource: source, utmMedium: medium, utmCampaign: campaign, referrer, handTyped: false };
  return { utmSource: `${source[0]?.toUpperCase() ?? ""}${source.slice(1)}`, utmMedium: medium.toUpperCase(), utmCampaign: ` ${campaign}`, referrer, handTyped: true };
}

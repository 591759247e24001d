import type { Random } from "./random.ts";

/** The storefronts orders and sessions come through. */
export type Channel = "web" | "ios" | "android";

/** How often each storefront is used. */
export const CHANNEL_WEIGHTS: readonly (readonly [Channel, number])[] = [["web", 60], ["ios", 25], ["android", 15]];

/** The device and client of a session, as the tracker reports them. */
export interface Device {
  readonly channel: Channel;
  readonly deviceType: "desktop" | "mobile" | "tablet";
  readonly userAgent: string;
  /** The iOS app release that sends event ids in upper case. */
  readonly uppercaseEventIds: boolean;
  /** The old Android app that sends Title_Case event types and device type `Mobile`. */
  readonly legacyAndroid: boolean;
}

const DESKTOP_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
];
const MOBILE_AGENTS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36",
];
const TABLET_AGENT = "Mozilla/5.0 (iPad; CPU OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1";

/** Crawlers and scrapers: the clean tier flags their user agents as bots. */
export const BOT_AGENTS = [
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
  "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/121.0.0.0 Safari/537.36",
];

/** A device of a session on `channel`. */
export function deviceFor(rng: Random, channel: Channel): Device {
  switch (channel) {
    case "web": {
      const deviceType = rng.weighted([["desktop", 55], ["mobile", 37], ["tablet", 8]] as const);
      const userAgent = deviceType === "desktop" ? rng.pick(DESKTOP_AGENTS) : deviceType === "mobile" ? rng.pick(MOBILE_AGENTS) : TABLET_AGENT;
      return { channel, deviceType, userAgent, uppercaseEventIds: false, legacyAndroid: false };
    }
    case "ios": {
      const tablet = rng.chance(0.1);
      const oldRelease = rng.chance(0.12);
      const userAgent = `TinyBasket/${oldRelease ? "4.1.0" : "4.2.1"} (${tablet ? "iPad" : "iPhone"}; iOS 17.${rng.int(1, 3)})`;
      return { channel, deviceType: tablet ? "tablet" : "mobile", userAgent, uppercaseEventIds: oldRelease, legacyAndroid: false };
    }
    case "android": {
      const legacy = rng.chance(0.15);
      const userAgent = `TinyBasket/${legacy ? "3.9.2" : "4.2.0"} (Android ${rng.pick(["12", "13", "14"])}; ${rng.pick(["Pixel 7", "SM-A546B", "SM-S911B", "moto g54"])})`;
      return { channel, deviceType: "mobile", userAgent, uppercaseEventIds: false, legacyAndroid: legacy };
    }
  }
}

import type { Random } from "./random.ts";

/**
 * Made-up people of the shop's markets: names, e-mail addresses on reserved `.example`
 * domains (RFC 2606) and phone numbers in the formats a CRM collects them in.
 */

const FIRST_NAMES = [
  "Anna", "Lena", "Marie", "Sophie", "Laura", "Julia", "Hannah", "Lea", "Emma", "Mia", "Clara", "Paula", "Jana", "Katrin", "Sabine",
  "Lukas", "Jonas", "Leon", "Felix", "Paul", "Maximilian", "Tim", "Jan", "Niklas", "Tobias", "Stefan", "Markus", "Thomas", "Florian", "David",
  "Camille", "Chloé", "Louis", "Hugo", "Sanne", "Daan", "Sem", "Lotte", "Elif", "Mehmet", "Zoë", "Jürgen", "Sören", "Agnieszka", "Piotr",
];

const LAST_NAMES = [
  "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer",
  "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
  "Huber", "Gruber", "Steiner", "de Vries", "Jansen", "van Dijk", "Bakker", "Dubois", "Martin", "Lefèvre", "Peeters", "Janssens",
  "Yılmaz", "Kaya", "Nowak", "Kowalski", "Hansen", "Nielsen", "O'Brien", "Rossi",
];

const MAIL_DOMAINS: readonly (readonly [string, number])[] = [
  ["webmail.example", 30], ["freemail.example", 22], ["posteo.example", 10], ["mailbox.example", 15], ["outlook.example", 12], ["icloud.example", 11],
];

/** Umlauts and accents spelt out, spaces and apostrophes removed: `Müller` → `mueller`. */
function mailbox(name: string): string {
  return name
    .toLowerCase()
    .replaceAll("ä", "ae").replaceAll("ö", "oe").replaceAll("ü", "ue").replaceAll("ß", "ss").replaceAll("ı", "i")
    .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z]/g, "");
}

/** A full name. */
export function personName(rng: Random): { readonly first: string; readonly last: string } {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

/** An e-mail address for a name, not yet in `taken` (which it joins). */
export function emailFor(rng: Random, name: { readonly first: string; readonly last: string }, taken: Set<string>): string {
  const domain = rng.weighted(MAIL_DOMAINS);
  const styles = [`${mailbox(name.first)}.${mailbox(name.last)}`, `${mailbox(name.first)[0] ?? "x"}${mailbox(name.last)}`, `${mailbox(name.first)}${rng.int(70, 99)}`];
  for (let attempt = 0; ; attempt++) {
    const local = attempt === 0 ? rng.pick(styles) : `${rng.pick(styles)}${rng.int(1, 999)}`;
    const address = `${local}@${domain}`;
    if (!taken.has(address)) {
      taken.add(address);
      return address;
    }
  }
}

const digits = (rng: Random, count: number) => Array.from({ length: count }, () => rng.int(0, 9)).join("");

/** A mobile number of `country`, in one of the formats people type. */
export function phoneFor(rng: Random, country: string): string {
  switch (country) {
    case "AT":
      return rng.chance(0.7) ? `+43 6${rng.int(50, 99)} ${digits(rng, 7)}` : `06${rng.int(50, 99)}/${digits(rng, 7)}`;
    case "NL":
      return `+31 6 ${digits(rng, 8)}`;
    case "FR":
      return `+33 6 ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`;
    case "BE":
      return `+32 4${rng.int(60, 99)} ${digits(rng, 2)} ${digits(rng, 2)} ${digits(rng, 2)}`;
    default:
      return rng.chance(0.6) ? `+49 1${rng.pick(["51", "52", "60", "62", "70", "71", "76"])} ${digits(rng, 7)}` : `01${rng.pick(["51", "60", "76"])}-${digits(rng, 8)}`;
  }
}

/** A date of birth of an adult customer, `YYYY-MM-DD`. */
export function birthDateFor(rng: Random): string {
  const year = rng.weighted([[rng.int(1950, 1969), 2], [rng.int(1970, 1989), 5], [rng.int(1990, 2005), 4]] as const);
  return `${year}-${String(rng.int(1, 12)).padStart(2, "0")}-${String(rng.int(1, 28)).padStart(2, "0")}`;
}

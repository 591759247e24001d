import type { PiiKind, PiiTreatment } from "../../runtime/core/declare/pii.ts";

/** A kind of personal data recognised by its column name, and the declaration suggested for it. */
export interface PersonalNamePattern {
  readonly kind: PiiKind;
  readonly treatment: PiiTreatment;
  /** What it looks like, for messages: `an e-mail address`. */
  readonly looksLike: string;
  /** Matched against the whole lower_snake_case name; words are bounded by `_` or the ends. */
  readonly pattern: RegExp;
}

/** `word` bounded by `_` or the name's ends (so `mail` matches `e_mail` but not `mailbox_count`). */
const words = (...alternatives: string[]) => new RegExp(`(?:^|_)(?:${alternatives.join("|")})(?:_|$)`);

/**
 * Column names that hold personal data, in English, German, French, Spanish, Italian, Dutch and
 * Portuguese. Ordered: the first match decides the suggested kind (`email_address` is an e-mail,
 * not an address; `ip_address` an IP address).
 */
export const PERSONAL_NAME_PATTERNS: readonly PersonalNamePattern[] = [
  { kind: "email", treatment: "hash", looksLike: "an e-mail address", pattern: words("e?_?mail", "email_?address", "e_?mail_?adresse", "mailadresse", "courriel", "correo(?:_electronico)?", "posta_elettronica", "emailadres") },
  { kind: "ip_address", treatment: "hash", looksLike: "an IP address", pattern: words("ip", "ip_?addr(?:ess)?", "ipv[46]", "remote_addr", "ip_?adresse", "adresse_ip", "direccion_ip", "indirizzo_ip", "ip_?adres", "endereco_ip") },
  { kind: "phone", treatment: "mask", looksLike: "a phone number", pattern: words("phone", "phone_?number", "telephone", "tel", "mobile", "cell_?phone", "fax", "telefon(?:nummer)?", "handy(?:nummer)?", "mobilnummer", "portable", "telefono", "movil", "celular", "cellulare", "telefoon(?:nummer)?", "mobiel", "telefone", "telemovel") },
  { kind: "national_id", treatment: "hash", looksLike: "a national identifier or bank account", pattern: words("ssn", "social_security(?:_number)?", "national_id", "passport(?:_number|_no)?", "tax_id", "iban", "bic", "account_number", "steuer_?id", "steuernummer", "sozialversicherungsnummer", "personalausweis(?:nummer)?", "kontonummer", "nir", "numero_secu(?:rite_sociale)?", "dni", "nie", "nif", "codice_fiscale", "bsn", "burgerservicenummer", "cpf", "nss") },
  { kind: "payment_card", treatment: "drop", looksLike: "a payment card number", pattern: words("card_?number", "credit_?card(?:_number)?", "cc_number", "pan", "cvv", "cvc", "kreditkarte(?:nnummer)?", "carte_bancaire", "numero_(?:de_)?tarjeta", "tarjeta_credito", "carta_di_credito", "creditcard", "cartao_credito") },
  { kind: "date_of_birth", treatment: "drop", looksLike: "a date of birth", pattern: words("birth_?date", "birthday", "date_of_birth", "dob", "born_(?:on|at)", "geburtsdatum", "geburtstag", "date_(?:de_)?naissance", "naissance", "fecha_(?:de_)?nacimiento", "nacimiento", "data_(?:di_)?nascita", "nascita", "geboortedatum", "geboorte", "data_(?:de_)?nascimento", "nascimento") },
  { kind: "name", treatment: "hash", looksLike: "a person's name", pattern: words("(?:first|last|full|given|family|middle|maiden|sur|nick|display|customer|contact|user|person|account_holder|holder|recipient)_?name", "surname", "forename", "vorname", "nachname", "familienname", "prenom", "nom_(?:de_)?famille", "nom", "nombre(?:_completo)?", "apellidos?", "cognome", "voornaam", "achternaam", "sobrenome", "nome_completo") },
  { kind: "address", treatment: "hash", looksLike: "a postal address", pattern: words("(?:street|postal|home|billing|shipping|delivery|mailing)_?address", "address(?:_line_?\\d?)?", "street", "zip(?:_?code)?", "post_?code", "postal_code", "adresse", "strasse", "anschrift", "plz", "rue", "code_postal", "direccion", "calle", "codigo_postal", "indirizzo", "cap", "adres", "straat", "morada", "endereco", "rua", "cep") },
];

/** The pattern a column name matches, or undefined. */
export function personalNamePattern(column: string): PersonalNamePattern | undefined {
  return PERSONAL_NAME_PATTERNS.find((p) => p.pattern.test(column));
}

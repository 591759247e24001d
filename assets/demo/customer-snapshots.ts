import { rawCustomers } from "../raw/customers.ts";
import type { Customer } from "./customer-base.ts";
import { atSecond } from "./demo-calendar.ts";
import { landingFileOf, type LandingFile } from "./landing-file.ts";
import type { LandingRow } from "./landing-row.ts";

type CustomerRow = LandingRow<typeof rawCustomers.columns>;

/** The nightly export runs at 03:30 Berlin time: 02:30 UTC in winter, always on the same UTC day. */
const EXPORT_SECOND = 2.5 * 3600;

/** How `customer` appears in the export taken at `at`: clear-text PII, as the CRM sends it. */
export function customerRow(customer: Customer, at: Date): CustomerRow {
  const change = customer.optInChange !== undefined && customer.optInChange.at < at ? customer.optInChange : undefined;
  return {
    customer_id: customer.id,
    email: customer.email,
    full_name: customer.fullName,
    phone: customer.phone,
    birth_date: customer.birthDate,
    country_code: customer.countryCode,
    acquisition_channel: customer.acquisitionChannel,
    marketing_opt_in: change?.to ?? customer.marketingOptIn,
    is_test_account: customer.isTestAccount,
    created_at: customer.exportsCreatedAt ? customer.signedUpAt : null,
    updated_at: change?.at ?? customer.lastChangedAt,
  };
}

/**
 * The CRM's nightly full exports of the last `keep` of `days`: every account that existed when
 * the export ran. `raw/customers` keeps snapshots a week, so the demo lands the last seven.
 */
export function customerSnapshotFiles(customers: readonly Customer[], days: readonly string[], keep: number): LandingFile[] {
  return days.slice(-keep).map((day) => {
    const at = atSecond(day, EXPORT_SECOND);
    const rows = customers.filter((c) => c.signedUpAt < at).map((c) => ({ at, row: customerRow(c, at) }));
    return landingFileOf(rawCustomers, day, rows, at);
  });
}

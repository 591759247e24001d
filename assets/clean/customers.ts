import { asset, col, eager, maxLag, ref, sql } from "lakeform";
import { rawCustomers } from "../raw/customers.ts";

/**
 * One row per real customer account of the newest CRM snapshot: its latest record, test
 * accounts removed, values normalised. An account the newest snapshot lacks was deleted, so it
 * is left out (GDPR erasure within one run). E-mail stays hashed and phone masked, as landed.
 */
export const cleanCustomers = asset("clean/customers", {
  description: "Current customer accounts, one row each, from the newest CRM snapshot: deleted accounts are gone.",
  owners: ["team:data-eng", "privacy@tinybasket.example"],
  group: "sales",
  tags: ["gdpr"],
  columns: {
    customer_id: col.string().primaryKey(),
    email: col.string().nullable().pii("email", "hash").describe("HMAC-SHA256 of the e-mail, as landed"),
    phone: col.string().nullable().pii("phone", "mask"),
    country_code: col.string().nullable().describe("ISO 3166-1 alpha-2, upper case"),
    acquisition_channel: col.string().describe("organic_search, paid_search, paid_social, referral, email, direct, other or unknown"),
    marketing_opt_in: col.boolean(),
    created_at: col.timestamp().describe("Account creation; first landing time when the CRM omits it"),
    updated_at: col.timestamp(),
  },
  // Accounts missing from the newest snapshot were deleted (GDPR erasure): gone after one run.
  compute: sql`
    with versions as (
      select
        *,
        min(created_at) over (partition by customer_id) as first_created_at,
        min(_loaded_at) over (partition by customer_id) as first_landed_at,
        row_number() over (partition by customer_id order by _loaded_at desc, updated_at desc nulls last) as version_rank,
        max(_loaded_at) over () as newest_snapshot_at
      from ${ref(rawCustomers)}
    ),
    latest as (
      select * from versions where version_rank = 1 and _loaded_at = newest_snapshot_at
    )
    select
      customer_id,
      email,
      phone,
      nullif(upper(trim(country_code)), '') as country_code,
      case
        when nullif(trim(acquisition_channel), '') is null then 'unknown'
        when lower(trim(acquisition_channel)) in ('organic_search', 'paid_search', 'paid_social', 'referral', 'email', 'direct')
          then lower(trim(acquisition_channel))
        else 'other'
      end as acquisition_channel,
      coalesce(marketing_opt_in, false) as marketing_opt_in,
      coalesce(first_created_at, first_landed_at) as created_at,
      coalesce(updated_at, created_at, _loaded_at) as updated_at
    from latest
    where not coalesce(is_test_account, false)`,
  checks: (c) => [
    c.regex("email", /^[0-9a-f]{64}$/, { description: "Anything but a 64-digit hex hash means clear-text PII got through" }),
    c.unique("email", { severity: "warn", description: "Several accounts share one e-mail address" }),
    c.regex("country_code", /^[A-Z]{2}$/),
    c.acceptedValues("acquisition_channel", ["organic_search", "paid_search", "paid_social", "referral", "email", "direct", "other", "unknown"]),
    c.range("created_at", { min: "2023-06-01" }, { severity: "warn", description: "The CRM went live in June 2023" }),
    c.rowCount({ min: 1 }),
    c.freshness("updated_at", { maxAge: "3d" }, { severity: "warn", description: "No account changed in three days: the CRM export is stuck" }),
  ],
  schedule: eager(),
  // The CRM exports once a night, 25 hours apart across a daylight-saving change.
  // On a cloud engine (EMR in prod, BigQuery on GCP): a stuck run is stopped, an oversized scan refused.
  costGuard: { maxRuntime: "1h", maxBytesBilled: "50GB" },
  freshness: maxLag({ warnAfter: "26h", failAfter: "30h" }),
});

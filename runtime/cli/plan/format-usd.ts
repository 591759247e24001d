/** Dollars as the plan shows them: `$1.20`, `$0.00`; locale-free. */
export function formatUsd(usd: number): string {
  return `${usd < 0 ? "-" : ""}$${Math.abs(usd).toFixed(2)}`;
}

/** A change in dollars, always signed: `+$1.20`, `-$0.50`, `+$0.00`. */
export function formatUsdDelta(usd: number): string {
  return `${usd < 0 ? "-" : "+"}$${Math.abs(usd).toFixed(2)}`;
}

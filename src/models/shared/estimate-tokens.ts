// A rough token count (four characters a token) for providers that cannot count exactly.

/** About one token per four characters, rounded up; good enough for budgets, not for billing. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
